// The AVX-512 kernel against the scalar golden model: every state word of every neuron, every
// spike and every saturation counter, at every step, over noisy and saturating scenarios.
#include <doctest/doctest.h>

#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "experiments/array_run.hpp"
#include "fixed/fixed_array.hpp"
#include "corner_states.hpp"
#include "reference/device_params.hpp"

using namespace ionarray;

namespace {

struct Scenario {
  std::string name;
  reference::ArraySpec spec;
  double trigger_probability;  // per row and step
};

reference::ArraySpec tile_of(const std::string& set, int tiles, int rows, int columns, double g_max, double row_voltage,
                             std::uint64_t seed) {
  reference::ArraySpec spec{.tiles = tiles, .rows = rows, .columns = columns, .neuron = reference::named_set(set)};
  spec.neuron.device.d2d = 0.2;
  spec.row_voltage = row_voltage;
  spec.pulse_steps = 3;
  reference::generate_synapses(spec, {.kind = reference::SynapseGenerator::Kind::random, .g_max = g_max, .levels = 64, .spread = 0.1}, seed);
  spec.routes.resize(static_cast<std::size_t>(spec.neurons()));
  for (int n = 0; n < spec.neurons(); ++n)  // every neuron drives a row of the next tile
    spec.routes[static_cast<std::size_t>(n)] = {{(n / columns + 1) % tiles, n % rows}};
  return spec;
}

std::vector<Scenario> scenarios() {
  std::vector<Scenario> list;
  list.push_back({"lif chain, c2c noise, 4 tiles of 64", chain_spec(4, 64, true, 3), 0.01});
  list.push_back({"lif, 13 columns (padding lanes), strong input", tile_of("lif", 3, 7, 13, 100e-6, 5.0, 4), 0.05});
  auto oscillator = tile_of("oscillator", 2, 5, 21, 20e-6, 1.0, 5);
  oscillator.v_bias = 1.0;  // self-oscillating: bridged, open and the states between
  list.push_back({"oscillator with bias, c2c noise", oscillator, 0.02});
  auto deterministic = tile_of("oscillator", 2, 4, 9, 20e-6, 1.0, 6);
  deterministic.neuron.device.c2c = false;
  deterministic.v_bias = 0.9;
  list.push_back({"oscillator, no noise", deterministic, 0.02});
  list.push_back({"saturating: overdriven rows", tile_of("lif", 2, 8, 16, 2e-2, 10.0, 7), 0.2});
  return list;
}

// "" when equal, else the first differing field with both values.
std::string compare(const fx::NeuronState& scalar, const fx::NeuronState& vector) {
  std::ostringstream out;
  const auto field = [&](const char* name, auto a, auto b) {
    if (a != b && out.tellp() == 0) out << name << ": scalar " << a << ", avx512 " << b;
  };
  field("f", scalar.f, vector.f);
  field("r", scalar.r, vector.r);
  field("s", scalar.s, vector.s);
  field("vm", scalar.vm, vector.vm);
  field("kg.mant", scalar.kg.mant, vector.kg.mant);
  field("kg.shift", scalar.kg.shift, vector.kg.shift);
  field("armed", scalar.armed, vector.armed);
  field("noise", scalar.noise, vector.noise);
  return out.str();
}

}  // namespace

TEST_CASE("the AVX-512 kernel computes the scalar golden model's words bit for bit") {
  if (!fixed::avx512_supported()) {
    MESSAGE("this CPU has no AVX-512: the scalar kernel runs everywhere, nothing to compare");
    return;
  }
  long neuron_steps = 0;
  std::uint64_t saturations = 0, spikes = 0;
  for (const auto& scenario : scenarios()) {
    CAPTURE(scenario.name);
    const auto& spec = scenario.spec;
    fixed::FixedArray scalar(spec, 11, fixed::Kernel::scalar), vector(spec, 11, fixed::Kernel::avx512);
    std::mt19937_64 rng(17);
    std::bernoulli_distribution trigger(scenario.trigger_probability);
    const long steps = 3000;
    for (long k = 0; k < steps; ++k) {
      for (int t = 0; t < spec.tiles; ++t)
        for (int i = 0; i < spec.rows; ++i)
          if (trigger(rng)) scalar.trigger(t, i), vector.trigger(t, i);
      const auto expected = scalar.step();
      REQUIRE(vector.step() == expected);
      spikes += expected.size();
      for (int n = 0; n < spec.neurons(); ++n) {
        const auto mismatch = compare(scalar.state(n), vector.state(n));
        if (!mismatch.empty()) FAIL("step " << k << ", tile " << n / spec.columns << ", neuron " << n % spec.columns << ": " << mismatch);
      }
    }
    const auto& a = scalar.saturation();
    const auto& b = vector.saturation();
    CHECK(a.vm == b.vm);
    CHECK(a.s == b.s);
    CHECK(a.conductance == b.conductance);
    saturations += a.vm + a.s + a.conductance;
    neuron_steps += steps * spec.neurons();
  }
  MESSAGE(neuron_steps << " neuron-steps equal, " << spikes << " spikes, " << saturations << " saturations");
  CHECK(spikes > 1000);    // the scenarios exercise spiking, bridged devices ...
  CHECK(saturations > 0);  // ... and an overdriven membrane (corners: next test)
}

TEST_CASE("the AVX-512 kernel equals the scalar model from random states anywhere in their formats") {
  if (!fixed::avx512_supported()) {
    MESSAGE("this CPU has no AVX-512: the scalar kernel runs everywhere, nothing to compare");
    return;
  }
  std::mt19937_64 rng(23);
  const auto uniform = [&rng](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const auto corner = [&rng](std::int64_t lo, std::int64_t hi) { return testing::corner_value(rng, lo, hi); };
  fx::SaturationCounters total;
  long compared = 0;
  for (const std::string name : {"lif", "oscillator", "oscillator-asymmetric"}) {
    CAPTURE(name);
    auto set = reference::named_set(name == "lif" ? "lif" : "oscillator");
    if (name == "oscillator-asymmetric") set.device.polarity = reference::Polarity::asymmetric;
    set.device.d2d = 0.3;
    const auto config = fixed::configure(set, 10.0);
    const fixed::PairTables pairs(config->tables);
    const int columns = 13, rows = 2;
    for (int round = 0; round < 4000; ++round) {
      set.device.c2c = round % 3 != 0;
      auto shared = config->shared;
      shared.c2c = set.device.c2c;
      if (round % 4 == 3) {  // beyond what configure() allows: drive the s and conductance saturation paths
        shared.grow.shift -= 8;
        shared.on_conductance.shift -= 40;
      }
      if (round % 4 == 2) shared.on_conductance.shift += 40;
      if (round % 5 == 4)  // alpha as a raw register write may leave it: a drift gap of 0 or below 0
        shared.alpha = round % 10 == 4 ? 0 : static_cast<std::int32_t>(corner(std::numeric_limits<std::int32_t>::min(), -1));
      fx::TileConfig tile{.rows = rows, .columns = columns, .row_voltage = static_cast<std::int32_t>(corner(-fx::kVMax, fx::kVMax)),
                          .v_bias = static_cast<std::int32_t>(corner(-fx::kVMax, fx::kVMax)), .g_shift = static_cast<int>(uniform(4, 20)),
                          .pulse_steps = 1};
      std::vector<std::uint16_t> g(rows * columns);
      for (auto& w : g) w = static_cast<std::uint16_t>(corner(0, 65535));
      std::vector<fx::DeviceCoefs> coefs;
      std::vector<fx::NeuronState> states;
      for (int j = 0; j < columns; ++j) {
        coefs.push_back(fixed::device_coefs(*config, set, static_cast<std::uint64_t>(round), static_cast<std::uint64_t>(j)));
        const auto n = testing::corner_state(rng, config->tables, shared);
        states.push_back(n);
      }
      fixed::TileLanes scalar(tile, g, coefs, states), vector(tile, g, coefs, states);
      for (int i = 0; i < rows; ++i)
        if (uniform(0, 1) == 1) scalar.trigger(i), vector.trigger(i);
      std::vector<std::uint16_t> scalar_spikes, vector_spikes;
      fx::SaturationCounters a, b;
      fixed::step_tile_scalar(scalar, shared, config->tables, scalar_spikes, a);
      fixed::step_tile_avx512(vector, shared, pairs, vector_spikes, b);
      REQUIRE(vector_spikes == scalar_spikes);
      for (std::size_t j = 0; j < columns; ++j) {
        const auto mismatch = compare(scalar.neurons.state(j), vector.neurons.state(j));
        if (!mismatch.empty()) FAIL("round " << round << ", neuron " << j << ": " << mismatch);
      }
      REQUIRE(a.vm == b.vm);
      REQUIRE(a.s == b.s);
      REQUIRE(a.conductance == b.conductance);
      total.vm += a.vm, total.s += a.s, total.conductance += a.conductance;
      compared += columns;
    }
  }
  MESSAGE(compared << " random neuron-steps equal; saturations: vm " << total.vm << ", s " << total.s << ", conductance "
                   << total.conductance);
  CHECK(total.vm > 0);
  CHECK(total.s > 0);
  CHECK(total.conductance > 0);
}
