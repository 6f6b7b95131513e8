#pragma once
// Clocking a verilated module with clk_i and an active-low asynchronous rst_ni, for the array
// core's part testbenches.
#include <memory>

#include "verilated.h"

namespace ionarray::testing {

template <typename Model>
struct Clocked {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> m = std::make_unique<Model>(context.get());
  Clocked() {  // (high, then low: a falling edge, whatever the model's first value)
    m->clk_i = 0;
    m->rst_ni = 1;
    m->eval();
    m->rst_ni = 0;
    m->eval();
    m->rst_ni = 1;
    m->eval();
  }
  // One rising edge: inputs set before are sampled; outputs after settle() are the next cycle's.
  void clock() {
    m->clk_i = 1;
    m->eval();
    m->clk_i = 0;
    m->eval();
  }
  void settle() { m->eval(); }
  Model* operator->() { return m.get(); }
};

}  // namespace ionarray::testing
