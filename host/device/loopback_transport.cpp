#include <memory>

#include "device/transport.hpp"
#include "ionarray/link_core.hpp"

namespace ionarray {
namespace {

class LoopbackTransport : public Transport {
 public:
  void send(const std::vector<std::uint64_t>& words) override {
    for (auto w : words) core_.accept(w, sink_);
  }
  std::vector<std::uint64_t> receive() override {
    while (core_.wants_step()) core_.step(sink_);
    std::vector<std::uint64_t> out;
    out.swap(sink_.words);
    return out;
  }

 private:
  struct Sink {
    std::vector<std::uint64_t> words;
    void push(std::uint64_t w) { words.push_back(w); }
  };
  std::unique_ptr<fx::ArrayMemory<kLoopbackTiles>> memory_ = std::make_unique<fx::ArrayMemory<kLoopbackTiles>>();
  fx::LinkCore<kLoopbackTiles> core_{*memory_};
  Sink sink_;
};

}  // namespace

std::unique_ptr<Transport> make_loopback_transport() { return std::make_unique<LoopbackTransport>(); }

}  // namespace ionarray
