#include "fixed/plastic_tile.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fixed/engine_config.hpp"
#include "ionarray/noise.hpp"
#include "ionarray/tile_engine.hpp"
#include "reference/drift_synapse.hpp"
#include "reference/plastic_tile.hpp"

namespace ionarray::fixed {

void PlasticTile::program(std::span<const std::int16_t> row_timer, std::span<std::uint16_t> g, int stride,
                          const fx::EngineTables& tables, std::span<const std::uint16_t> spiked) {
  struct Synapses {
    PlasticTile& tile;
    std::span<std::uint16_t> g;
    std::size_t stride;
    std::size_t at(int i, int j) const { return static_cast<std::size_t>(i * tile.columns + j); }
    std::int32_t& x(int i, int j) { return tile.x[at(i, j)]; }
    std::int32_t change(int i, int j, int slot) const {
      return tile.change[at(i, j) * static_cast<std::size_t>(tile.config.slots) + static_cast<std::size_t>(slot)];
    }
    void write_word(int i, int j, std::uint16_t word) {
      g[static_cast<std::size_t>(i) * stride + static_cast<std::size_t>(j)] = word;
      ++tile.changed;
    }
  } synapses{*this, g, static_cast<std::size_t>(stride)};
  fx::program_rows(config, row_timer.data(), column_phase.data(), columns, tables, noise, synapses);
  fx::advance_column_pulses(config, column_phase.data(), columns, spiked.data(), static_cast<int>(spiked.size()));
}

namespace {

// The voltage (V) across a synapse in class `voltage_class` (fx::voltage_class) under `scheme`.
double class_voltage(const reference::PulseScheme& scheme, int voltage_class) {
  const int post = voltage_class < 6 ? voltage_class % 3 : voltage_class - 5;
  const double pre = voltage_class >= 6 ? 0 : voltage_class < 3 ? scheme.pre_head : scheme.pre_tail;
  return pre - (post == 0 ? 0 : post == 1 ? scheme.post_head : scheme.post_tail);
}

}  // namespace

PlasticTile build_plastic_tile(const reference::ArraySpec& spec, int tile, std::uint64_t seed, int g_shift,
                               const fx::EngineTables& tables, std::span<std::uint16_t> words) {
  const auto& plasticity = spec.plasticity;
  const auto& scheme = plasticity.pulses;
  const auto& nominal = plasticity.synapse;
  const auto& circuit = spec.neuron_of(tile).circuit;
  PlasticTile p;
  p.columns = spec.columns;
  auto& c = p.config;
  c.first_row = plasticity.first_row;
  c.last_row = plasticity.last_row < 0 ? spec.rows - 1 : plasticity.last_row;
  c.pulse_steps = spec.pulse_steps;
  c.pre_head_steps = scheme.pre_head_steps;
  c.post_head_steps = scheme.post_head_steps;
  c.post_tail_steps = scheme.post_tail_steps;
  c.idle_rows_grounded = scheme.idle_rows_grounded;
  c.c2c = quantize(nominal.c2c / noise::kGaussianCodeSd * 0x1p17, "plasticity.c2c");
  c.resistance_ratio = quantize(nominal.r_off / nominal.r_on - 1, "synapse.r_off / synapse.r_on");
  const double word_on = std::ldexp(nominal.g_on() * circuit.dt / circuit.c, g_shift);
  if (word_on > fx::kConductanceWordMax + 0.5)
    throw RangeError(fmt::format("tile {}: a fully ON synapse's word {:g} exceeds the largest crossbar word {}", tile,
                                 word_on, fx::kConductanceWordMax));
  c.word_on = quantize(word_on, "synapse word of 1 / synapse.r_on");

  // Each synapse's device, drawn as reference::PlasticTile draws it, and its change per class.
  const auto n = static_cast<std::size_t>(spec.rows) * static_cast<std::size_t>(spec.columns);
  std::vector<reference::DriftSynapse> devices;
  devices.reserve(n);
  const std::uint64_t first = static_cast<std::uint64_t>(tile) * n;
  for (std::uint64_t k = 0; k < n; ++k) {
    noise::NoiseStream draws(seed, reference::kPlasticStreamBase + first + k, noise::Stream::device_to_device);
    devices.emplace_back(nominal, draws);
  }
  const auto plastic_row = [&c](std::size_t k, int columns) {
    const int row = static_cast<int>(k / static_cast<std::size_t>(columns));
    return row >= c.first_row && row <= c.last_row;
  };
  std::vector<std::int32_t> per_class(n * fx::kVoltageClasses, 0);
  bool moves[fx::kVoltageClasses] = {};
  for (int v = 0; v < fx::kVoltageClasses; ++v) {
    if (v >= 6 && !scheme.idle_rows_grounded) continue;
    const double volts = class_voltage(scheme, v);
    for (std::size_t k = 0; k < n; ++k) {
      if (!plastic_row(k, spec.columns)) continue;
      const double rate = devices[k].rate(volts);
      if (rate == 0) continue;
      // In x LSB; a move the format cannot resolve is kept as one LSB, so that the same synapses
      // move (and draw their variation) as in the reference model.
      const double lsb = std::clamp(rate * circuit.dt * fx::kSynapseXOne, -double(fx::kSynapseXOne), double(fx::kSynapseXOne));
      auto step = static_cast<std::int32_t>(std::lround(lsb));
      if (step == 0) step = lsb > 0 ? 1 : -1;
      per_class[k * fx::kVoltageClasses + static_cast<std::size_t>(v)] = step;
      moves[v] = true;
    }
  }
  for (int v = 0; v < fx::kVoltageClasses; ++v)
    if (moves[v]) c.slot[v] = static_cast<std::int8_t>(c.slots++);
  p.change.assign(n * static_cast<std::size_t>(c.slots), 0);
  for (std::size_t k = 0; k < n; ++k)
    for (int v = 0; v < fx::kVoltageClasses; ++v)
      if (c.slot[v] >= 0)
        p.change[k * static_cast<std::size_t>(c.slots) + static_cast<std::size_t>(c.slot[v])] =
            per_class[k * fx::kVoltageClasses + static_cast<std::size_t>(v)];

  // The starting states: each plastic synapse at the state nearest its conductance.
  const auto& conductance = spec.conductance[static_cast<std::size_t>(tile)];
  p.x.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    if (!plastic_row(k, spec.columns)) continue;
    devices[k].set_conductance(conductance[k]);
    p.x[k] = static_cast<std::int32_t>(std::lround(devices[k].x() * fx::kSynapseXOne));
    words[k] = fx::synapse_word(c, tables, p.x[k]);
  }
  p.column_phase.assign(static_cast<std::size_t>(spec.columns), fx::kIdleColumn);
  p.noise = noise::NoiseStream(seed, reference::kPlasticStreamBase + static_cast<std::uint64_t>(tile), noise::Stream::cycle_to_cycle).state();
  return p;
}

}  // namespace ionarray::fixed
