#include "device/fault_injection_transport.hpp"

#include <fmt/format.h>

#include "device/device.hpp"

namespace ionarray {
namespace {

class FaultInjectionTransport : public Transport {
 public:
  FaultInjectionTransport(std::unique_ptr<Transport> inner, long good_receives, std::string uri)
      : inner_(std::move(inner)), left_(good_receives), good_(good_receives), uri_(std::move(uri)) {}

  void send(const std::vector<std::uint64_t>& words) override {
    if (left_ <= 0) gone();
    inner_->send(words);
  }

  std::vector<std::uint64_t> receive() override {
    if (left_-- <= 0) gone();
    return inner_->receive();
  }

  std::string describe() const override { return "fault injection over the in-process fixed-point core (test only)"; }

 private:
  [[noreturn]] void gone() const {
    throw DeviceError(fmt::format("{}: device disappeared (injected fault: unplugged after {} receives)", uri_, good_));
  }

  std::unique_ptr<Transport> inner_;
  long left_, good_;
  std::string uri_;
};

}  // namespace

std::unique_ptr<Transport> make_fault_injection_transport(std::unique_ptr<Transport> inner, long good_receives,
                                                          std::string uri) {
  return std::make_unique<FaultInjectionTransport>(std::move(inner), good_receives, std::move(uri));
}

}  // namespace ionarray
