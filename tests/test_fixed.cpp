// The fixed-point engine: its formats, its refusals, and its agreement with the reference model.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "analysis/spike_match.hpp"
#include "analysis/switching_stats.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/neuron_run.hpp"
#include "experiments/pulse_test.hpp"
#include "io/param_file.hpp"
#include "fixed/fixed_neuron.hpp"
#include "ionarray/fixed_point.hpp"
#include "quiet_set.hpp"
#include "reference/circuits.hpp"

using namespace ionarray;
using ionarray::testing::quiet;

namespace {
std::string range_error(const reference::ParameterSet& set, double v_max) {
  try {
    fixed::configure(set, v_max);
  } catch (const fixed::RangeError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("coefficients keep 17 significant bits over 2^-46 .. 2^25, and refuse the rest") {
  for (double v : {3.7e-13, 1e-6, 0.0426, 1.0, 90.8, 2.36e5}) {
    const auto c = fixed::quantize(v, "x");
    CHECK(c.mant < (1 << 17));
    CHECK(c.mant >= (1 << 16));
    CHECK(std::abs(fixed::coef_value(c) / v - 1) <= std::ldexp(1.0, -17));
  }
  CHECK(fixed::quantize(0, "x").mant == 0);
  const auto narrow = fixed::quantize(0.0426, "x", 10);  // the quantization sweep's narrower mantissas
  CHECK(narrow.mant % (1 << 7) == 0);
  CHECK(std::abs(fixed::coef_value(narrow) / 0.0426 - 1) <= std::ldexp(1.0, -10));
  CHECK_THROWS_WITH_AS(fixed::quantize(-1, "device.mu"), doctest::Contains("device.mu = -1"), fixed::RangeError);
  CHECK_THROWS_WITH_AS(fixed::quantize(1e9, "device.mu"), doctest::Contains("outside the representable range"),
                       fixed::RangeError);
  CHECK_THROWS_WITH_AS(fixed::to_volts_word(70, "drive"), doctest::Contains("+-64 V"), fixed::RangeError);
}

TEST_CASE("parameters that would leave a format are refused at configuration, naming them") {
  auto set = reference::named_set("lif");
  set.device.lambda = 0.04;
  CHECK(range_error(set, 2.5).find("device.lambda = 0.04") != std::string::npos);
  set = reference::named_set("lif");
  set.device.gamma3 = 1e-3;  // S would grow past the format's S - 1 < 4
  CHECK(range_error(set, 2.5).find("device.theta / device.gamma3") != std::string::npos);
  set = reference::named_set("lif");
  CHECK(range_error(set, 80).find("+-64 V") != std::string::npos);
  CHECK(range_error(reference::named_set("dc-symmetric"), 1).find("no neuron circuit") != std::string::npos);
  CHECK(range_error(reference::named_set("oscillator"), 1).empty());
}

TEST_CASE("every multiply fits a 27x18 DSP slice over noisy runs of every neuron set") {
  for (const char* name : {"lif", "oscillator"}) {
    CAPTURE(name);
    auto set = reference::named_set(name);
    set.device.d2d = 0.2;
    const auto config = fixed::configure(set, 10.0);
    fx::CheckedMultiply::violations = 0;
    for (std::uint64_t d = 0; d < 8; ++d) {
      auto state = fixed::initial_state(*config, set, 5, d);
      const auto coefs = fixed::device_coefs(*config, set, 5, d);
      fx::SaturationCounters sat;
      for (long k = 0; k < 20000; ++k) {  // strong pulses: a wide range of states
        const std::int32_t v = fixed::to_volts_word(k % 400 < 20 ? 10.0 : (k % 400 < 200 ? 1.0 : 0.0), "v");
        fx::step_neuron<fx::CheckedMultiply>(state, coefs, config->shared, config->tables, v, 0, sat);
      }
    }
    CHECK(fx::CheckedMultiply::violations == 0);
  }
}

TEST_CASE("one step from the same state and the same noise agrees with the reference") {
  // The fixed neuron is reloaded from the reference state every step; both draw the same noise.
  const auto set = reference::named_set("oscillator");
  const auto config = fixed::configure(set, 1.0);
  reference::NeuronCircuit ref(set, 3, 0);
  fixed::FixedNeuron fixed_neuron(config, set, 3, 0);
  auto state = fixed::initial_state(*config, set, 3, 0);
  const auto coefs = fixed::device_coefs(*config, set, 3, 0);
  const std::int32_t one_volt = fixed::to_volts_word(1.0, "v");
  double worst_f = 0, worst_r = 0, worst_vm = 0, worst_i = 0;
  for (long k = 0; k < 30000; ++k) {
    const auto before = ref.device().state();
    state.f = static_cast<std::int32_t>(std::lround(std::ldexp(before.f, fx::kXFrac)));
    state.r = static_cast<std::int32_t>(std::lround(std::ldexp(before.r, fx::kXFrac)));
    state.s = static_cast<std::int32_t>(std::lround(std::ldexp(before.S - 1, fx::kSFrac)));
    state.vm = static_cast<std::int32_t>(std::lround(std::ldexp(ref.vm(), fx::kVFrac)));
    fx::SaturationCounters sat;
    state.kg = fx::conductance(config->tables, config->shared, std::min(state.f + state.r, fx::kXOne), state.s, sat);
    ref.step(1.0);
    fx::step_neuron(state, coefs, config->shared, config->tables, one_volt, 0, sat);
    const auto& after = ref.device().state();
    worst_f = std::max(worst_f, std::abs(std::ldexp(state.f, -fx::kXFrac) - after.f));
    worst_r = std::max(worst_r, std::abs(std::ldexp(state.r, -fx::kXFrac) - after.r));
    worst_vm = std::max(worst_vm, std::abs(fixed::from_volts_word(state.vm) - ref.vm()));
    const double i_fixed = fixed::from_volts_word(fx::apply(state.kg, state.vm)) * set.circuit.c / set.circuit.dt;
    // The current's format: 1 LSB of 2^-20 V per step, i.e. C / dt 2^-20 A.
    const double current_lsb = std::ldexp(set.circuit.c / set.circuit.dt, -fx::kVFrac);
    worst_i = std::max(worst_i, std::abs(i_fixed - ref.current()) / (1e-4 * ref.current() + 2 * current_lsb));
  }
  MESSAGE("worst one-step error: f " << worst_f << ", r " << worst_r << ", Vm " << worst_vm << " V, I " << worst_i);
  CHECK(worst_f < 3e-7);   // < 10 LSB of 2^-25, the noise term's roundings at 3.5 sd
  CHECK(worst_r < 3e-7);
  CHECK(worst_vm < 2e-6);  // < 2 LSB of 2^-20 V
  CHECK(worst_i < 1.0);    // within 1e-4 relative + 2 LSB of the current format
}

TEST_CASE("deterministic runs: spikes agree within +-2 steps") {
  auto set = quiet("lif");
  set.device.d2d = 0.1;
  const auto drive = make_drive(set);
  const auto ref = run_neurons(set, drive, Backend::reference, 128, 3000, 11);
  const auto fx = run_neurons(set, drive, Backend::fixed, 128, 3000, 11);
  const auto a = compare_spikes(ref.spike_steps, fx.spike_steps, 2, 1000);
  MESSAGE(a.matched << " of " << a.reference_spikes << " reference spikes matched");
  CHECK(a.reference_spikes > 100);
  CHECK(a.matched_share() >= 0.97);
  CHECK(fx.saturations == 0);
}

TEST_CASE("stochastic runs: firing rates agree (same noise stream on both backends)") {
  const auto set = reference::named_set("oscillator");
  const auto drive = make_drive(set);
  const auto ref = run_neurons(set, drive, Backend::reference, 256, 20000, 2);
  const auto fx = run_neurons(set, drive, Backend::fixed, 256, 20000, 2);
  const auto a = compare_spikes(ref.spike_steps, fx.spike_steps, 2, 1000);
  MESSAGE("reference " << a.reference_total << " spikes, fixed " << a.other_spikes);
  CHECK(a.reference_total > 1000);
  // ~1000 spikes: the chaotic divergence of noisy trajectories alone moves the count by ~2 %.
  CHECK(std::abs(a.rate_error()) < 0.05);
}

TEST_CASE("device statistics on the fixed-point device match the reference (fitted sets)") {
  const std::string dir = IONARRAY_SOURCE_DIR "/params/fitted/";
  for (const char* name : {"dc-symmetric", "dc-asymmetric"}) {
    CAPTURE(name);
    const auto set = load_parameter_file(dir + name + ".toml");
    const auto protocol = default_dc_protocol(set);
    const auto ref = sweep_stats(run_dc_sweep(set, protocol, 40, 9, Backend::reference));
    const auto fx = sweep_stats(run_dc_sweep(set, protocol, 40, 9, Backend::fixed));
    REQUIRE(fx.vth.n == ref.vth.n);
    CHECK(std::abs(fx.vth.mean - ref.vth.mean) < 1e-3);
    CHECK(std::abs(fx.vth.sd - ref.vth.sd) < 1e-3);
  }
  const auto pulse = load_parameter_file(dir + "pulse.toml");
  const auto ref = pulse_stats(run_pulse_trials(pulse, PulseProtocol{}, 20, 9, Backend::reference));
  const auto fx = pulse_stats(run_pulse_trials(pulse, PulseProtocol{}, 20, 9, Backend::fixed));
  REQUIRE(fx.delay.n == ref.delay.n);
  CHECK(fx.delay.median == doctest::Approx(ref.delay.median).epsilon(0.05));
}

TEST_CASE("shift_round: round half up within the word, and the RTL's 64-bit results beyond it") {
  using ionarray::fx::shift_round;
  CHECK(shift_round(1000, 3) == 125);    // 125.0
  CHECK(shift_round(1004, 3) == 126);    // 125.5 rounds up
  CHECK(shift_round(-1004, 3) == -125);  // -125.5 rounds up
  CHECK(shift_round(-3, 0) == -3);
  CHECK(shift_round(3, -4) == 48);
  // A link core fuzz input reached a shift of 99 through written state words: defined now.
  CHECK(shift_round(12345, 99) == 0);
  CHECK(shift_round(-12345, 99) == -1);
  CHECK(shift_round(12345, -70) == 0);
  CHECK(shift_round(1, -63) == std::numeric_limits<std::int64_t>::min());
  CHECK(shift_round(std::numeric_limits<std::int64_t>::max(), 1) == -(std::int64_t{1} << 62));  // the sum wraps
}
