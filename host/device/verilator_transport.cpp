// verilator://: the array core RTL (rtl/core/ionarray_array_core.sv), built by Verilator, behind
// the same host-link words as a board. Capacity is fixed when the model is built.
#include <memory>

#include "Vionarray_array_core.h"
#include "device/device.hpp"
#include "device/transport.hpp"
#include "device/verilated_link.hpp"
#include "verilated.h"

namespace ionarray {
namespace {

class VerilatorTransport : public Transport {
 public:
  VerilatorTransport() { reset_link_core(*model_); }

  void send(const std::vector<std::uint64_t>& words) override { pending_.insert(pending_.end(), words.begin(), words.end()); }

  std::vector<std::uint64_t> receive() override {
    std::vector<std::uint64_t> words;
    words.swap(pending_);
    try {
      return clock_exchange(*model_, words);
    } catch (const std::runtime_error& e) {
      throw DeviceError(std::string("verilator://: ") + e.what());
    }
  }

 private:
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_array_core> model_ = std::make_unique<Vionarray_array_core>(context_.get());
  std::vector<std::uint64_t> pending_;
};

}  // namespace

std::unique_ptr<Transport> make_verilator_transport() { return std::make_unique<VerilatorTransport>(); }

}  // namespace ionarray
