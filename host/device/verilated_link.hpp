#pragma once
// Clocking host-link words through a Verilated array core (any parameters): feeds every word
// as the core takes it, collects what it sends, and stops once it is idle and quiet; optionally
// dumping FST waveforms (models built with --trace-fst).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "verilated_fst_c.h"

namespace ionarray {

// A waveform dump of the model, when one was asked for: both clock edges go in, one time unit each.
struct Waves {
  VerilatedFstC* fst = nullptr;
  std::uint64_t time = 0;
  void dump() {
    if (fst) fst->dump(time++);
  }
};

template <typename Model>
void clock_tick(Model& m, Waves* waves = nullptr) {
  m.clk_i = 1;
  m.eval();
  if (waves) waves->dump();
  m.clk_i = 0;
  m.eval();
  if (waves) waves->dump();
}

// (the model is settled with the clock low first: Verilator's first eval() sees no clock edge, so
// a reset held for that tick alone would never be applied)
template <typename Model>
void reset_link_core(Model& m) {
  m.rst_ni = 0;
  m.clk_i = 0;
  m.eval();
  clock_tick(m);
  m.rst_ni = 1;
  m.out_ready_i = 1;
  clock_tick(m);
}

// Throws std::runtime_error when the core neither takes nor gives a word for `stall_limit` cycles.
// Adds the clock cycles it ran to `*cycles` when given.
template <typename Model>
std::vector<std::uint64_t> clock_exchange(Model& m, const std::vector<std::uint64_t>& in, long stall_limit = 1'000'000,
                                          std::uint64_t* cycles = nullptr, Waves* waves = nullptr) {
  std::vector<std::uint64_t> out;
  std::size_t next = 0;
  long stalled = 0;
  for (int quiet = 0; quiet < 16;) {
    if (++stalled > stall_limit)
      throw std::runtime_error("the model neither took nor gave a word for " + std::to_string(stall_limit) +
                               " cycles (" + std::to_string(next) + " of " + std::to_string(in.size()) + " words taken)");
    m.in_valid_i = next < in.size();
    m.in_data_i = next < in.size() ? in[next] : 0;
    m.eval();
    const bool accepted = m.in_valid_i && m.in_ready_o;
    if (m.out_valid_o) out.push_back(m.out_data_o);
    clock_tick(m, waves);
    if (cycles) ++*cycles;
    if (accepted) ++next;
    if (accepted || m.out_valid_o || m.busy_o) stalled = 0;
    quiet = (next == in.size() && !m.busy_o && !m.out_valid_o) ? quiet + 1 : 0;
  }
  m.in_valid_i = 0;
  return out;
}

}  // namespace ionarray
