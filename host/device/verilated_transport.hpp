#pragma once
// A Verilated array core (any build of rtl/core/ionarray_array_core.sv: parameters, threads)
// behind the host-link words, as a Transport. verilator:// uses the default build; the device
// benchmark also puts the multithreaded build behind it.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "device/device.hpp"
#include "device/transport.hpp"
#include "device/verilated_link.hpp"
#include "verilated.h"

namespace ionarray {

template <typename Model>
class VerilatedTransport : public Transport {
 public:
  explicit VerilatedTransport(std::string uri) : uri_(std::move(uri)) { reset_link_core(*model_); }

  void send(const std::vector<std::uint64_t>& words) override { pending_.insert(pending_.end(), words.begin(), words.end()); }

  std::vector<std::uint64_t> receive() override {
    std::vector<std::uint64_t> words;
    words.swap(pending_);
    try {
      return clock_exchange(*model_, words, 1'000'000, &cycles_);
    } catch (const std::runtime_error& e) {
      throw DeviceError(uri_ + ": " + e.what());
    }
  }

  std::uint64_t cycles() const override { return cycles_; }

 private:
  std::string uri_;
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> model_ = std::make_unique<Model>(context_.get());
  std::vector<std::uint64_t> pending_;
  std::uint64_t cycles_ = 0;
};

}  // namespace ionarray
