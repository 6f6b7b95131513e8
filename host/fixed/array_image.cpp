#include "fixed/array_image.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fixed/fixed_neuron.hpp"

namespace ionarray::fixed {

ArrayImage build_array_image(const reference::ArraySpec& spec, std::uint64_t seed) {
  if (spec.rows > fx::kMaxRows || spec.columns > fx::kMaxColumns)
    throw RangeError(fmt::format("a {} x {} crossbar exceeds the engine's {} x {} tile", spec.rows, spec.columns,
                                 fx::kMaxRows, fx::kMaxColumns));
  ArrayImage image;
  image.tiles = spec.tiles;
  const double v_max = std::max({std::abs(spec.row_voltage), std::abs(spec.v_bias), 1e-3});
  image.config = configure(spec.neuron, v_max);

  // Synapse words: dt G / C with one shift for the whole chip, the largest at <= 65535.
  const double per_step = spec.neuron.circuit.dt / spec.neuron.circuit.c;
  double g_max = 0;
  for (const auto& tile : spec.conductance)
    for (double g : tile) g_max = std::max(g_max, g * per_step);
  image.tile = {.rows = spec.rows,
                .columns = spec.columns,
                .row_voltage = to_volts_word(spec.row_voltage, "row_voltage"),
                .v_bias = to_volts_word(spec.v_bias, "v_bias"),
                .g_shift = g_max > 0 ? static_cast<int>(std::floor(std::log2(65535.0 / g_max))) : 0,
                .pulse_steps = spec.pulse_steps};
  if (image.tile.g_shift < 0 || image.tile.g_shift > 62)
    throw RangeError(fmt::format("synaptic conductance dt G / C up to {:g} per step does not fit the 16-bit synapse "
                                 "word (allowed 2^-46 .. 65535)", g_max));
  for (const auto& tile : spec.conductance) {
    std::vector<std::uint16_t> words(tile.size());
    for (std::size_t k = 0; k < tile.size(); ++k)
      words[k] = static_cast<std::uint16_t>(std::lround(std::ldexp(tile[k] * per_step, image.tile.g_shift)));
    image.g.push_back(std::move(words));
  }
  for (int n = 0; n < spec.neurons(); ++n) {
    image.coefs.push_back(device_coefs(*image.config, spec.neuron, seed, static_cast<std::uint64_t>(n)));
    image.states.push_back(initial_state(*image.config, spec.neuron, seed, static_cast<std::uint64_t>(n)));
    std::array<std::uint32_t, fx::kRouteSlots> slots;
    slots.fill(fx::kNoRoute);
    const auto& targets = static_cast<std::size_t>(n) < spec.routes.size() ? spec.routes[static_cast<std::size_t>(n)]
                                                                            : std::vector<reference::RowTarget>{};
    if (targets.size() > slots.size())
      throw RangeError(fmt::format("neuron {} drives {} rows; the engine routes at most {} per neuron", n,
                                   targets.size(), fx::kRouteSlots));
    for (std::size_t k = 0; k < targets.size(); ++k)
      slots[k] = static_cast<std::uint32_t>(targets[k].tile) << 16 | static_cast<std::uint32_t>(targets[k].row);
    image.routes.push_back(slots);
  }
  return image;
}

}  // namespace ionarray::fixed
