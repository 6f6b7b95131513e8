// The engine RTL against the C++ golden model: at every step of noisy, strongly driven
// trajectories, both compute the next state from the same state; every field must agree.
#include <doctest/doctest.h>

#include <sstream>

#include "Vengine_probe.h"
#include "engine_probe_io.hpp"
#include "fixed/fixed_neuron.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

// One evaluation of the engine from `state` with input voltage word `v`.
void drive_state(Vengine_probe& p, const fx::NeuronState& state, std::int32_t v, bool enable) {
  testing::load_state(p, state);
  p.v_in_i = static_cast<IData>(v);
  p.dv_syn_i = 0;
  p.enable_i = enable;
  p.eval();
}

// The first field that differs, as "field: rtl X, c++ Y", or "".
std::string mismatch(const Vengine_probe& p, const fx::NeuronState& n, bool spike) {
  std::ostringstream out;
  auto field = [&](const char* name, std::int64_t rtl, std::int64_t cpp) {
    if (out.tellp() == 0 && rtl != cpp) out << name << ": rtl " << rtl << ", c++ " << cpp;
  };
  field("f", static_cast<std::int32_t>(p.f_o), n.f);
  field("r", static_cast<std::int32_t>(p.r_o), n.r);
  field("s", static_cast<std::int32_t>(p.s_o), n.s);
  field("vm", static_cast<std::int32_t>(p.vm_o), n.vm);
  field("kg.mant", static_cast<std::int32_t>(p.kg_mant_o), n.kg.mant);
  field("kg.shift", static_cast<std::int32_t>(p.kg_shift_o), n.kg.shift);
  field("armed", p.armed_o, n.armed);
  field("noise", static_cast<std::int64_t>(p.noise_o), static_cast<std::int64_t>(n.noise));
  field("spike", p.spike_o, spike);
  return out.str();
}

}  // namespace

TEST_CASE("engine RTL equals the C++ engine on every state word at every step") {
  VerilatedContext context;
  Vengine_probe probe(&context);
  for (const char* name : {"lif", "oscillator"}) {
    auto set = reference::named_set(name);
    set.device.d2d = 0.2;
    const auto config = fixed::configure(set, 10.0);
    long steps_checked = 0;
    for (std::uint64_t device = 0; device < 4; ++device) {
      auto state = fixed::initial_state(*config, set, 21, device);
      const auto coefs = fixed::device_coefs(*config, set, 21, device);
      testing::load_coefs(probe, coefs, config->shared);
      fx::SaturationCounters sat;
      for (long k = 0; k < 5000; ++k) {
        const std::int32_t v = fixed::to_volts_word(k % 400 < 20 ? 10.0 : (k % 400 < 200 ? 1.0 : 0.0), "v");
        drive_state(probe, state, v, true);
        const bool spike = fx::step_neuron(state, coefs, config->shared, config->tables, v, 0, sat);
        const auto diff = mismatch(probe, state, spike);
        REQUIRE_MESSAGE(diff.empty(), "set " << std::string(name) << ", device " << device << ", step " << k << ": " << diff);
        ++steps_checked;
      }
    }
    MESSAGE(std::string(name) << ": " << steps_checked << " neuron-steps identical in RTL and C++");
  }
}

TEST_CASE("a disabled engine holds the state: no spike, no saturation, the state words unchanged") {
  VerilatedContext context;
  Vengine_probe probe(&context);
  const auto set = reference::named_set("lif");
  const auto config = fixed::configure(set, 10.0);
  auto state = fixed::initial_state(*config, set, 5, 0);
  const auto coefs = fixed::device_coefs(*config, set, 5, 0);
  testing::load_coefs(probe, coefs, config->shared);
  // Drive the neuron hard (10 V, Vm saturating) up to the state whose step spikes.
  const std::int32_t v = fixed::to_volts_word(10.0, "v");
  fx::SaturationCounters sat;
  bool spikes_next = false;
  for (long k = 0; k < 20000 && !spikes_next; ++k) {
    auto trial = state;
    spikes_next = fx::step_neuron(trial, coefs, config->shared, config->tables, v, 0, sat);
    if (!spikes_next) state = trial;
  }
  REQUIRE(spikes_next);
  drive_state(probe, state, v, false);
  CHECK(mismatch(probe, state, false).empty());
  CHECK_FALSE(probe.vm_sat_o);
  CHECK_FALSE(probe.s_sat_o);
  CHECK_FALSE(probe.g_sat_o);
  // The same inputs enabled: the step the C++ engine takes, with its spike.
  drive_state(probe, state, v, true);
  auto stepped = state;
  REQUIRE(fx::step_neuron(stepped, coefs, config->shared, config->tables, v, 0, sat));
  CHECK(mismatch(probe, stepped, true).empty());
  CHECK(probe.spike_o);
}
