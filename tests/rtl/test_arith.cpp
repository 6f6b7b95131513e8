// The RTL arithmetic and noise functions against the C++ golden model, on random operands in
// the ranges the engine uses.
#include <doctest/doctest.h>

#include <memory>

#include "Varith_probe.h"
#include "ionarray/fixed_point.hpp"
#include "ionarray/noise.hpp"
#include "verilated.h"

using namespace ionarray;

TEST_CASE("rounding shifts, coefficient products and the noise stream are bit-exact in RTL") {
  VerilatedContext context;
  Varith_probe probe(&context);
  noise::NoiseStream draws(99, 0, noise::Stream::device_to_device);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(draws.next_uniform() * static_cast<double>(hi - lo + 1));
  };
  std::uint64_t state = noise::stream_state(7, 3, noise::Stream::cycle_to_cycle);
  int mismatches = 0;
  for (int k = 0; k < 20000; ++k) {
    const std::int64_t value = uniform(-(std::int64_t{1} << 50), std::int64_t{1} << 50);
    const int shift = static_cast<int>(uniform(-8, 62));
    const std::int64_t wide = uniform(-fx::kWideLimit + 1, fx::kWideLimit - 1);
    const std::int64_t mant = uniform(-fx::kNarrowLimit + 1, fx::kNarrowLimit - 1);
    probe.value_i = static_cast<QData>(value);
    probe.shift_i = static_cast<CData>(shift);
    probe.wide_i = static_cast<IData>(wide) & 0x7FFFFFF;
    probe.mant_i = static_cast<IData>(mant) & 0x3FFFF;
    probe.state_i = state;
    probe.eval();
    // Shifts that push the value past 64 bits are outside the engine's use.
    const bool shift_in_range = shift > 0 || value < (std::int64_t{1} << (62 + shift));
    if (shift_in_range && static_cast<std::int64_t>(probe.shift_round_o) != fx::shift_round(value, shift)) ++mismatches;
    if (static_cast<std::int64_t>(probe.apply_o) != fx::apply(fx::Coef{static_cast<std::int32_t>(mant), shift}, wide)) ++mismatches;
    const std::uint64_t next = noise::xorshift64(state);
    if (probe.next_state_o != next) ++mismatches;
    const auto code = static_cast<std::int32_t>(probe.gaussian_o << 13) >> 13;  // sign-extend 19 bits
    if (code != noise::gaussian_code(next)) ++mismatches;
    state = next;
  }
  CHECK(mismatches == 0);
}
