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
  double v_max = std::max({std::abs(spec.row_voltage), std::abs(spec.v_bias), 1e-3});
  for (double v : spec.row_voltages) v_max = std::max(v_max, std::abs(v));
  // One configuration per tile (its region's parameter set); the function tables do not depend
  // on the set, so tile 0's serve all.
  std::vector<std::shared_ptr<const EngineConfig>> configs;
  for (int t = 0; t < spec.tiles; ++t) {
    configs.push_back(t > 0 && spec.tile_neuron.empty() ? configs.front() : configure(spec.neuron_of(t), v_max));
    image.shared.push_back(configs.back()->shared);
  }
  image.config = configs.front();

  // Synapse words: dt G / C (C of the tile's neurons) with one shift for the whole chip, the
  // largest at most the largest crossbar word.
  const auto per_step = [&spec](std::size_t t) {
    const auto& c = spec.neuron_of(static_cast<int>(t)).circuit;
    return c.dt / c.c;
  };
  double g_max = 0;
  for (std::size_t t = 0; t < spec.conductance.size(); ++t) {
    for (double g : spec.conductance[t]) g_max = std::max(g_max, g * per_step(t));
    if (spec.plasticity.plastic(static_cast<int>(t)))  // a plastic synapse may reach 1 / R_on
      g_max = std::max(g_max, spec.plasticity.synapse.g_on() * per_step(t));
  }
  image.tile = {.rows = spec.rows,
                .columns = spec.columns,
                .row_voltage = to_volts_word(spec.row_voltage, "row_voltage"),
                .v_bias = to_volts_word(spec.v_bias, "v_bias"),
                .g_shift = g_max > 0 ? static_cast<int>(std::floor(std::log2(fx::kConductanceWordMax / g_max))) : 0,
                .pulse_steps = spec.pulse_steps};
  if (image.tile.g_shift < 0 || image.tile.g_shift > fx::kGShiftMax)
    throw RangeError(fmt::format("synaptic conductance dt G / C up to {:g} per step does not fit the 16-bit synapse "
                                 "word (allowed 2^-{} .. {})", g_max, fx::kGShiftMax - 16, fx::kConductanceWordMax));
  for (std::size_t t = 0; t < spec.conductance.size(); ++t) {
    const auto& tile = spec.conductance[t];
    std::vector<std::uint16_t> words(tile.size());
    for (std::size_t k = 0; k < tile.size(); ++k)
      words[k] = static_cast<std::uint16_t>(std::lround(std::ldexp(tile[k] * per_step(t), image.tile.g_shift)));
    image.plastic.push_back(spec.plasticity.plastic(static_cast<int>(t))
                                ? std::optional(build_plastic_tile(spec, static_cast<int>(t), seed, image.tile.g_shift,
                                                                   image.config->tables, words))
                                : std::nullopt);
    image.g.push_back(std::move(words));
    image.siemens_per_word.push_back(std::ldexp(1.0, -image.tile.g_shift) / per_step(t));
  }
  // Rows at voltages of their own: pulses.voltage is level 0, each other voltage a level of its
  // own, at most kRowVoltageLevels in a tile.
  if (!spec.row_voltages.empty()) {
    std::vector<std::int32_t> levels{image.tile.row_voltage};
    for (std::size_t row = 0; row < spec.row_voltages.size(); ++row) {
      const auto word = to_volts_word(spec.row_voltages[row], "pulses.rows.voltage");
      auto level = std::find(levels.begin(), levels.end(), word);
      if (level == levels.end()) level = levels.insert(levels.end(), word);
      image.tile.row_level[row] = static_cast<std::uint8_t>(level - levels.begin());
    }
    if (levels.size() > fx::kRowVoltageLevels)
      throw RangeError(fmt::format("the rows of a tile are driven at {} different voltages ([[pulses.rows]] and "
                                   "pulses.voltage); the tile holds at most {}", levels.size(), fx::kRowVoltageLevels));
    std::copy(levels.begin() + 1, levels.end(), image.tile.level_voltage);
  }
  for (int n = 0; n < spec.neurons(); ++n) {
    const int t = n / spec.columns;
    const auto& config = *configs[static_cast<std::size_t>(t)];
    image.coefs.push_back(device_coefs(config, spec.neuron_of(t), seed, static_cast<std::uint64_t>(n)));
    image.states.push_back(initial_state(config, spec.neuron_of(t), seed, static_cast<std::uint64_t>(n)));
    std::array<std::uint32_t, fx::kRouteSlots> slots;
    slots.fill(fx::kNoRoute);
    const auto& targets = static_cast<std::size_t>(n) < spec.routes.size() ? spec.routes[static_cast<std::size_t>(n)]
                                                                            : std::vector<reference::RowTarget>{};
    if (targets.size() > slots.size())
      throw RangeError(fmt::format("neuron {} drives {} rows; the engine routes at most {} per neuron", n,
                                   targets.size(), fx::kRouteSlots));
    for (std::size_t k = 0; k < targets.size(); ++k)
      slots[k] = static_cast<std::uint32_t>(link::pack(link::Route{.tile = static_cast<std::uint64_t>(targets[k].tile),
                                                                   .row = static_cast<std::uint64_t>(targets[k].row)}));
    image.routes.push_back(slots);
  }
  return image;
}

ArrayImage slice_image(const ArrayImage& whole, std::span<const int> tiles) {
  std::vector<int> local(static_cast<std::size_t>(whole.tiles), -1);  // whole-chip tile -> its index in the part
  for (std::size_t k = 0; k < tiles.size(); ++k) local[static_cast<std::size_t>(tiles[k])] = static_cast<int>(k);
  ArrayImage part;
  part.config = whole.config;
  part.tile = whole.tile;
  part.tiles = static_cast<int>(tiles.size());
  const auto columns = static_cast<std::size_t>(whole.tile.columns);
  for (const int t : tiles) {
    const auto tile = static_cast<std::size_t>(t);
    part.shared.push_back(whole.shared[tile]);
    part.g.push_back(whole.g[tile]);
    part.plastic.push_back(whole.plastic[tile]);
    part.siemens_per_word.push_back(whole.siemens_per_word[tile]);
    for (std::size_t n = tile * columns; n < (tile + 1) * columns; ++n) {
      part.coefs.push_back(whole.coefs[n]);
      part.states.push_back(whole.states[n]);
      auto slots = whole.routes[n];
      for (auto& slot : slots) {
        if (slot == fx::kNoRoute) continue;
        const auto route = link::unpack_route(slot);
        const int target = local[static_cast<std::size_t>(route.tile)];
        slot = target < 0 ? fx::kNoRoute
                          : static_cast<std::uint32_t>(link::pack(link::Route{.tile = static_cast<std::uint64_t>(target), .row = route.row}));
      }
      part.routes.push_back(slots);
    }
  }
  return part;
}

}  // namespace ionarray::fixed
