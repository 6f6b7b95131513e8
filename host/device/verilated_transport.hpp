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
  // `waves`: an FST file to write every clock edge to (the model must be built with --trace-fst).
  explicit VerilatedTransport(std::string uri, const std::string& waves = {}) : uri_(std::move(uri)) {
    if (!waves.empty()) {
      context_->traceEverOn(true);
      fst_ = std::make_unique<VerilatedFstC>();
      model_->trace(fst_.get(), 99);
      fst_->open(waves.c_str());
      if (!fst_->isOpen()) throw DeviceError(uri_ + ": cannot write the waveform file " + waves);
      waves_.fst = fst_.get();
    }
    reset_link_core(*model_);
  }
  ~VerilatedTransport() override {
    if (fst_) fst_->close();
  }
  VerilatedTransport(const VerilatedTransport&) = delete;
  VerilatedTransport& operator=(const VerilatedTransport&) = delete;

  void send(const std::vector<std::uint64_t>& words) override { pending_.insert(pending_.end(), words.begin(), words.end()); }

  std::vector<std::uint64_t> receive() override {
    std::vector<std::uint64_t> words;
    words.swap(pending_);
    try {
      return clock_exchange(*model_, words, 1'000'000, &cycles_, &waves_);
    } catch (const std::runtime_error& e) {
      throw DeviceError(uri_ + ": " + e.what());
    }
  }

  std::uint64_t cycles() const override { return cycles_; }

 private:
  std::string uri_;
  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> model_ = std::make_unique<Model>(context_.get());
  std::unique_ptr<VerilatedFstC> fst_;  // before model_ in destruction: closed while the model exists
  Waves waves_;
  std::vector<std::uint64_t> pending_;
  std::uint64_t cycles_ = 0;
};

}  // namespace ionarray
