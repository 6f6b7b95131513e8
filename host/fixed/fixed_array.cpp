#include "fixed/fixed_array.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fixed/fixed_neuron.hpp"

namespace ionarray::fixed {

FixedArray::FixedArray(const reference::ArraySpec& spec, std::uint64_t seed) : spec_(spec) {
  if (spec_.rows > fx::kMaxRows || spec_.columns > fx::kMaxColumns)
    throw RangeError(fmt::format("a {} x {} crossbar exceeds the engine's {} x {} tile", spec_.rows, spec_.columns,
                                 fx::kMaxRows, fx::kMaxColumns));
  spec_.routes.resize(static_cast<std::size_t>(spec_.neurons()));
  const double v_max = std::max({std::abs(spec_.row_voltage), std::abs(spec_.v_bias), 1e-3});
  config_ = configure(spec_.neuron, v_max);

  // Synapse words: dt G / C with one shift for the whole chip, the largest at <= 65535.
  const double per_step = spec_.neuron.circuit.dt / spec_.neuron.circuit.c;
  double g_max = 0;
  for (const auto& tile : spec_.conductance)
    for (double g : tile) g_max = std::max(g_max, g * per_step);
  tile_config_ = {.rows = spec_.rows,
                  .columns = spec_.columns,
                  .row_voltage = to_volts_word(spec_.row_voltage, "row_voltage"),
                  .v_bias = to_volts_word(spec_.v_bias, "v_bias"),
                  .g_shift = g_max > 0 ? static_cast<int>(std::floor(std::log2(65535.0 / g_max))) : 0,
                  .pulse_steps = spec_.pulse_steps};
  if (tile_config_.g_shift < 0 || tile_config_.g_shift > 62)
    throw RangeError(fmt::format("synaptic conductance dt G / C up to {:g} per step does not fit the 16-bit synapse "
                                 "word (allowed 2^-46 .. 65535)", g_max));

  for (int t = 0; t < spec_.tiles; ++t) {
    auto m = std::make_unique<fx::TileMemory>();
    std::fill(&m->row_timer[0], &m->row_timer[0] + fx::kMaxRows, std::int16_t{0});
    const auto& g = spec_.conductance[static_cast<std::size_t>(t)];
    for (int i = 0; i < spec_.rows; ++i)
      for (int j = 0; j < spec_.columns; ++j)
        m->g[i][j] = static_cast<std::uint16_t>(
            std::lround(std::ldexp(g[static_cast<std::size_t>(i * spec_.columns + j)] * per_step, tile_config_.g_shift)));
    for (int j = 0; j < spec_.columns; ++j) {
      const auto global = static_cast<std::uint64_t>(t * spec_.columns + j);
      m->coefs[j] = device_coefs(spec_.neuron, seed, global);
      m->neurons[j] = initial_state(*config_, spec_.neuron, seed, global);
    }
    tiles_.push_back(std::move(m));
  }
}

void FixedArray::trigger(int tile, int row) { fx::trigger_row(*tiles_[static_cast<std::size_t>(tile)], tile_config_, row); }

const std::vector<int>& FixedArray::step() {
  spiked_.clear();
  std::uint16_t columns[fx::kMaxColumns];
  for (int t = 0; t < spec_.tiles; ++t) {
    const int n = fx::step_tile(*tiles_[static_cast<std::size_t>(t)], tile_config_, config_->shared, config_->tables,
                                columns, saturation_);
    for (int k = 0; k < n; ++k) spiked_.push_back(t * spec_.columns + columns[k]);
  }
  for (int n : spiked_)
    for (const auto& target : spec_.routes[static_cast<std::size_t>(n)]) trigger(target.tile, target.row);
  return spiked_;
}

double FixedArray::vm(int global) const {
  const auto& tile = *tiles_[static_cast<std::size_t>(global / spec_.columns)];
  return from_volts_word(tile.neurons[global % spec_.columns].vm);
}

}  // namespace ionarray::fixed
