#pragma once
// A board's clock that stops while the board is idle: an FPGA's clock runs on, but an idle board
// changes nothing, so the platform skips those cycles instead of simulating them. Running or
// stopped, simulated time goes on at the same rate.
#include <cstdint>

#include <systemc>

namespace ionarray::systemc {

class BoardClock : public sc_core::sc_module {
 public:
  sc_core::sc_out<bool> clk{"clk"};

  BoardClock(const sc_core::sc_module_name& name, double hz)
      : sc_core::sc_module(name), half_period_(0.5 / hz, sc_core::SC_SEC) {
    SC_HAS_PROCESS(BoardClock);
    SC_THREAD(toggle);
  }

  void set_frequency(double hz) { half_period_ = sc_core::sc_time(0.5 / hz, sc_core::SC_SEC); }
  // Starts the clock (if stopped) at the next half period.
  void start() {
    if (!running_) {
      running_ = true;
      started_.notify(sc_core::SC_ZERO_TIME);
    }
  }
  // Stops the clock after the current cycle.
  void stop() { running_ = false; }
  bool running() const { return running_; }
  std::uint64_t cycles() const { return cycles_; }
  sc_core::sc_time period() const { return 2 * half_period_; }

 private:
  void toggle() {
    clk.write(false);
    for (;;) {
      if (!running_) wait(started_);
      wait(half_period_);
      clk.write(true);
      ++cycles_;
      wait(half_period_);
      clk.write(false);
    }
  }

  sc_core::sc_time half_period_;
  sc_core::sc_event started_;
  bool running_ = false;
  std::uint64_t cycles_ = 0;
};

}  // namespace ionarray::systemc
