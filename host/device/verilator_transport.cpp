// verilator://: the array core RTL (rtl/core/ionarray_array_core.sv), built by Verilator, behind
// the same host-link words as a board. Capacity is fixed when the model is built.
#include <memory>

#include "Vionarray_array_core.h"
#include <fmt/format.h>

#include "device/device.hpp"
#include "device/transport.hpp"
#include "verilated.h"

namespace ionarray {
namespace {

constexpr long kStallCycles = 1'000'000;

class VerilatorTransport : public Transport {
 public:
  VerilatorTransport() {
    model_->rst_ni = 0;
    tick();
    model_->rst_ni = 1;
    model_->out_ready_i = 1;
    tick();
  }

  void send(const std::vector<std::uint64_t>& words) override { pending_.insert(pending_.end(), words.begin(), words.end()); }

  // Clocks the model until every sent word is taken and it has finished running and talking.
  std::vector<std::uint64_t> receive() override {
    std::vector<std::uint64_t> out;
    std::size_t next = 0;
    long stalled = 0;  // cycles without taking or giving a word
    for (int quiet = 0; quiet < 16;) {
      if (++stalled > kStallCycles)
        throw DeviceError(fmt::format("verilator://: the model neither took nor gave a word for {} cycles "
                                      "({} of {} words sent)", kStallCycles, next, pending_.size()));
      model_->in_valid_i = next < pending_.size();
      model_->in_data_i = next < pending_.size() ? pending_[next] : 0;
      model_->eval();
      const bool accepted = model_->in_valid_i && model_->in_ready_o;
      if (model_->out_valid_o) out.push_back(model_->out_data_o);
      tick();
      if (accepted) ++next;
      if (accepted || model_->out_valid_o || model_->running_o) stalled = 0;
      quiet = (next == pending_.size() && !model_->running_o && !model_->out_valid_o) ? quiet + 1 : 0;
    }
    model_->in_valid_i = 0;
    pending_.clear();
    return out;
  }

 private:
  void tick() {
    model_->clk_i = 1;
    model_->eval();
    model_->clk_i = 0;
    model_->eval();
  }

  std::unique_ptr<VerilatedContext> context_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_array_core> model_ = std::make_unique<Vionarray_array_core>(context_.get());
  std::vector<std::uint64_t> pending_;
};

}  // namespace

std::unique_ptr<Transport> make_verilator_transport() { return std::make_unique<VerilatorTransport>(); }

}  // namespace ionarray
