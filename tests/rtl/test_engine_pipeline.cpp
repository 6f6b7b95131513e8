// The pipelined engine RTL against the combinational engine RTL (the oracle) and the C++ engine:
// random states from the shared corner-state generator stream through the pipeline one per
// clock, and every output word LATENCY clocks later must equal both.
#include <doctest/doctest.h>

#include <array>
#include <random>
#include <sstream>
#include <vector>

#include "Vengine_pipeline_probe.h"
#include "Vengine_probe.h"
#include "../corner_states.hpp"
#include "engine_probe_io.hpp"
#include "fixed/engine_config.hpp"
#include "fixed/fixed_neuron.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

// The words one neuron-step puts in and takes out.
struct NeuronStep {
  fx::NeuronState state;
  int device = 0;
  std::int32_t v_in = 0;
  std::int64_t acc = 0;
  int acc_shift = 0;
};
struct Outcome {
  fx::NeuronState next;
  bool spike = false, vm_sat = false, s_sat = false, g_sat = false;
};

template <typename Probe>
Outcome read_outcome(const Probe& p) {
  Outcome o;
  o.next.f = static_cast<std::int32_t>(p.f_o);
  o.next.r = static_cast<std::int32_t>(p.r_o);
  o.next.s = static_cast<std::int32_t>(p.s_o);
  o.next.vm = static_cast<std::int32_t>(p.vm_o);
  o.next.kg = {static_cast<std::int32_t>(p.kg_mant_o), static_cast<std::int32_t>(p.kg_shift_o)};
  o.next.armed = p.armed_o;
  o.next.noise = p.noise_o;
  o.spike = p.spike_o;
  o.vm_sat = p.vm_sat_o;
  o.s_sat = p.s_sat_o;
  o.g_sat = p.g_sat_o;
  return o;
}

// The first field that differs, as "field: a X, b Y", or "".
std::string mismatch(const Outcome& a, const Outcome& b) {
  std::ostringstream out;
  auto field = [&](const char* name, std::int64_t x, std::int64_t y) {
    if (out.tellp() == 0 && x != y) out << name << ": " << x << " against " << y;
  };
  field("f", a.next.f, b.next.f);
  field("r", a.next.r, b.next.r);
  field("s", a.next.s, b.next.s);
  field("vm", a.next.vm, b.next.vm);
  field("kg.mant", a.next.kg.mant, b.next.kg.mant);
  field("kg.shift", a.next.kg.shift, b.next.kg.shift);
  field("armed", a.next.armed, b.next.armed);
  field("noise", static_cast<std::int64_t>(a.next.noise), static_cast<std::int64_t>(b.next.noise));
  field("spike", a.spike, b.spike);
  field("vm saturation", a.vm_sat, b.vm_sat);
  field("s saturation", a.s_sat, b.s_sat);
  field("conductance saturation", a.g_sat, b.g_sat);
  return out.str();
}

// One neuron-step through the C++ engine, with the synaptic input as the tile computes it.
Outcome cpp_outcome(const NeuronStep& in, const fx::DeviceCoefs& d, const fx::SharedCoefs& shared, const fx::EngineTables& tables) {
  const std::int64_t dv = fx::clamp64(fx::shift_round(in.acc, in.acc_shift), -fx::kVMax, fx::kVMax);
  Outcome cpp;
  cpp.next = in.state;
  fx::SaturationCounters sat;
  cpp.spike = fx::step_neuron(cpp.next, d, shared, tables, in.v_in, static_cast<std::int32_t>(dv), sat);
  cpp.vm_sat = sat.vm != 0;
  cpp.s_sat = sat.s != 0;
  cpp.g_sat = sat.conductance != 0;
  return cpp;
}

// The same through the combinational oracle.
Outcome oracle_outcome(Vengine_probe& oracle, const NeuronStep& in, const fx::DeviceCoefs& d, const fx::SharedCoefs& shared) {
  testing::load_coefs(oracle, d, shared);
  testing::load_state(oracle, in.state);
  oracle.v_in_i = static_cast<IData>(in.v_in);
  oracle.dv_syn_i = static_cast<IData>(fx::clamp64(fx::shift_round(in.acc, in.acc_shift), -fx::kVMax, fx::kVMax));
  oracle.enable_i = 1;
  oracle.eval();
  return read_outcome(oracle);
}

void reset(Vengine_pipeline_probe& p) {
  p.rst_ni = 0;
  p.eval();
  p.rst_ni = 1;
  p.eval();
}

void tick(Vengine_pipeline_probe& p) {
  p.clk_i = 1;
  p.eval();
  p.clk_i = 0;
  p.eval();
}

struct Totals {
  long steps = 0, spikes = 0, vm_sat = 0, s_sat = 0, g_sat = 0;
};

// Streams `count` random neuron-steps through the pipeline (a bubble in a cycle with
// probability `bubble`), checking each against the oracle and the C++ engine.
void stream(Vengine_pipeline_probe& pipe, Vengine_probe& oracle, const fx::EngineTables& tables, const fx::SharedCoefs& shared,
            const std::vector<fx::DeviceCoefs>& devices, long count, double bubble, std::mt19937_64& rng, Totals& totals) {
  testing::load_coefs(pipe, devices[0], shared);
  testing::load_coefs(oracle, devices[0], shared);
  std::vector<Outcome> expected(1 << 12);
  std::bernoulli_distribution skip(bubble);
  long sent = 0, received = 0, cycle = 0, first_sent_cycle = -1;
  while (received < count) {
    REQUIRE(cycle < 4 * count + 1000);
    const bool send = sent < count && !skip(rng);
    pipe.valid_i = send;
    if (send) {
      NeuronStep in;
      in.state = testing::corner_state(rng, tables, shared);
      in.device = static_cast<int>(rng() % devices.size());
      in.v_in = static_cast<std::int32_t>(testing::corner_value(rng, -fx::kVMax, fx::kVMax));
      in.acc = testing::corner_value(rng, -(std::int64_t{1} << 50), std::int64_t{1} << 50);
      in.acc_shift = static_cast<int>(rng() % 50);
      const auto& d = devices[static_cast<std::size_t>(in.device)];
      const Outcome cpp = cpp_outcome(in, d, shared, tables);
      const auto oracle_diff = mismatch(oracle_outcome(oracle, in, d, shared), cpp);
      REQUIRE_MESSAGE(oracle_diff.empty(), "neuron-step " << sent << ": combinational RTL against C++: " << oracle_diff);
      expected[static_cast<std::size_t>(sent) % expected.size()] = cpp;
      // Into the pipeline.
      testing::load_coefs(pipe, d, shared);
      testing::load_state(pipe, in.state);
      pipe.v_in_i = static_cast<IData>(in.v_in);
      pipe.acc_i = static_cast<QData>(in.acc);
      pipe.acc_shift_i = static_cast<CData>(in.acc_shift);
      pipe.tag_i = static_cast<IData>(sent);
      if (first_sent_cycle < 0) first_sent_cycle = cycle;
      ++sent;
    }
    tick(pipe);
    ++cycle;
    if (pipe.valid_o) {
      if (received == 0) REQUIRE(cycle - first_sent_cycle == fx::kEngineLatency);
      REQUIRE(static_cast<long>(pipe.tag_o) == received);
      const Outcome& want = expected[static_cast<std::size_t>(received) % expected.size()];
      const Outcome got = read_outcome(pipe);
      const auto diff = mismatch(got, want);
      REQUIRE_MESSAGE(diff.empty(), "neuron-step " << received << ": pipelined RTL against C++ and the oracle: " << diff);
      totals.spikes += got.spike;
      totals.vm_sat += got.vm_sat;
      totals.s_sat += got.s_sat;
      totals.g_sat += got.g_sat;
      ++received;
    }
  }
  totals.steps += received;
}

}  // namespace

TEST_CASE("pipelined engine RTL: a neuron per clock, every output word equal to the oracle and the C++ engine") {
  VerilatedContext context;
  Vengine_pipeline_probe pipe(&context);
  Vengine_probe oracle(&context);
  reset(pipe);
  std::mt19937_64 rng(2026);
  Totals totals;
  const long per_run = 62'500;  // 16 runs: 1e6 neuron-steps
  for (const char* name : {"lif", "oscillator"}) {
    auto set = reference::named_set(name);
    set.device.d2d = 0.3;
    const auto config = fixed::configure(set, 10.0);
    std::vector<fx::DeviceCoefs> devices;
    for (std::uint64_t k = 0; k < 64; ++k) devices.push_back(fixed::device_coefs(*config, set, 7, k));
    for (int variant = 0; variant < 8; ++variant) {
      const std::string set_name = name;
      CAPTURE(set_name);
      CAPTURE(variant);
      auto shared = config->shared;
      shared.c2c = variant % 2 == 0;
      shared.symmetric = variant % 4 < 2;
      // Beyond what configure() allows: drive the s and conductance saturation paths.
      if (variant / 4 == 1) {
        shared.grow.shift -= 8;
        shared.on_conductance.shift += variant % 2 == 0 ? 40 : -40;
      }
      // alpha as a raw register write may leave it: drift gaps of 0 (read as 1) and below 0.
      if (variant % 4 == 3) shared.alpha = variant == 3 ? 0 : -12'345;
      stream(pipe, oracle, config->tables, shared, devices, per_run, 0.0, rng, totals);
    }
  }
  MESSAGE(totals.steps << " neuron-steps streamed back to back, equal on every word; spikes " << totals.spikes
                       << ", saturations: vm " << totals.vm_sat << ", s " << totals.s_sat << ", conductance " << totals.g_sat);
  CHECK(totals.steps >= 1'000'000);
  CHECK(totals.spikes > 0);
  CHECK(totals.vm_sat > 0);
  CHECK(totals.s_sat > 0);
  CHECK(totals.g_sat > 0);
}

TEST_CASE("pipelined engine RTL: bubbles in the stream leave the outputs in order and exact") {
  VerilatedContext context;
  Vengine_pipeline_probe pipe(&context);
  Vengine_probe oracle(&context);
  reset(pipe);
  std::mt19937_64 rng(77);
  const auto set = reference::named_set("lif");
  const auto config = fixed::configure(set, 10.0);
  const std::vector<fx::DeviceCoefs> devices{fixed::device_coefs(*config, set, 3, 0)};
  Totals totals;
  stream(pipe, oracle, config->tables, config->shared, devices, 20'000, 0.4, rng, totals);
  CHECK(totals.steps == 20'000);
}

// Each saturation bound from both sides, which random states almost never land on: Vm and s
// exactly at their limits (kept, not flagged) and one LSB past (clamped and flagged), in the C++
// engine, the oracle and the pipeline alike. (With the input, leak and filament coefficients
// zero, Vm and s move by the synaptic input and the growth term alone.)
TEST_CASE("engine RTL: Vm at exactly +-V_MAX and s at exactly S_MAX are kept, one LSB past is clamped and flagged") {
  VerilatedContext context;
  Vengine_pipeline_probe pipe(&context);
  Vengine_probe oracle(&context);
  reset(pipe);
  const auto set = reference::named_set("lif");
  const auto config = fixed::configure(set, 10.0);
  const auto device = fixed::device_coefs(*config, set, 3, 0);
  auto still = config->shared;  // nothing moves Vm or s but dv_syn and growth
  still.c2c = false;
  still.input = {0, 0};
  still.grow = {0, 0};
  still.shrink = {0, 0};
  still.shrink_noise = {0, 0};
  auto growing = still;  // s grows as fast as a coefficient allows
  growing.grow = {(1 << 16) - 1, fx::kCoefShiftMin};
  struct Case {
    const char* name;
    std::int32_t vm, s;
    std::int64_t dv;
    const fx::SharedCoefs* shared;
    bool vm_sat, s_sat;
    std::int32_t vm_after, s_after;
  };
  const Case cases[] = {
      {"Vm at +V_MAX", fx::kVMax, 0, 0, &still, false, false, fx::kVMax, 0},
      {"Vm at -V_MAX", -fx::kVMax, 0, 0, &still, false, false, -fx::kVMax, 0},
      {"Vm one past +V_MAX", fx::kVMax, 0, 1, &still, true, false, fx::kVMax, 0},
      {"Vm one past -V_MAX", -fx::kVMax, 0, -1, &still, true, false, -fx::kVMax, 0},
      {"s at S_MAX", fx::kVMax / 2, fx::kSMax, 0, &still, false, false, fx::kVMax / 2, fx::kSMax},
      {"s past S_MAX", fx::kVMax / 2, fx::kSMax, 0, &growing, false, true, fx::kVMax / 2, fx::kSMax},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    NeuronStep in;
    in.state.f = fx::kXOne;  // bridged: s moves
    in.state.r = 0;
    in.state.s = c.s;
    in.state.vm = c.vm;
    in.state.kg = {0, 0};  // no leak
    in.v_in = c.vm;        // no drive
    in.acc = c.dv;
    const Outcome want = cpp_outcome(in, device, *c.shared, config->tables);
    CHECK(want.vm_sat == c.vm_sat);
    CHECK(want.s_sat == c.s_sat);
    CHECK(want.next.vm == c.vm_after);
    CHECK(want.next.s == c.s_after);
    const auto oracle_diff = mismatch(oracle_outcome(oracle, in, device, *c.shared), want);
    CHECK_MESSAGE(oracle_diff.empty(), "combinational RTL against C++: " << oracle_diff);
    testing::load_coefs(pipe, device, *c.shared);
    testing::load_state(pipe, in.state);
    pipe.v_in_i = static_cast<IData>(in.v_in);
    pipe.acc_i = static_cast<QData>(in.acc);
    pipe.acc_shift_i = 0;
    pipe.valid_i = 1;
    tick(pipe);
    pipe.valid_i = 0;
    for (int k = 1; k < fx::kEngineLatency; ++k) tick(pipe);
    REQUIRE(pipe.valid_o);
    const auto pipe_diff = mismatch(read_outcome(pipe), want);
    CHECK_MESSAGE(pipe_diff.empty(), "pipelined RTL against C++: " << pipe_diff);
  }
}
