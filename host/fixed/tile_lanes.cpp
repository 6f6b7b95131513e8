#include "fixed/tile_lanes.hpp"

#include <algorithm>
#include <stdexcept>

namespace ionarray::fixed {

TileLanes::TileLanes(const fx::TileConfig& tile, std::span<const std::uint16_t> words,
                     std::span<const fx::DeviceCoefs> coefs, std::span<const fx::NeuronState> states)
    : config(tile), stride(padded_columns(tile.columns)), neurons(tile.columns) {
  const auto columns = static_cast<std::size_t>(tile.columns), padded = static_cast<std::size_t>(stride);
  g.assign(static_cast<std::size_t>(tile.rows) * padded, 0);
  for (std::size_t i = 0; i < static_cast<std::size_t>(tile.rows); ++i)
    for (std::size_t j = 0; j < columns; ++j) g[i * padded + j] = words[i * columns + j];
  row_timer.assign(static_cast<std::size_t>(tile.rows), 0);
  synaptic_input.assign(padded, 0);
  for (std::size_t j = 0; j < padded; ++j) {
    neurons.set_state(j, states[j < columns ? j : 0]);
    neurons.set_coefs(j, coefs[j < columns ? j : 0]);
  }
}

void TileLanes::count_down_rows() {
  std::size_t kept = 0;
  for (const auto row : active_rows)
    if (--row_timer[row] > 0) active_rows[kept++] = row;
  active_rows.resize(kept);
}

bool avx512_supported() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512bw");
}

Kernel resolve_kernel(Kernel requested) {
  static const bool available = avx512_supported();
  if (requested == Kernel::automatic) return available ? Kernel::avx512 : Kernel::scalar;
  if (requested == Kernel::avx512 && !available)
    throw std::runtime_error("the AVX-512 kernel needs a CPU with AVX-512 F, DQ, CD and BW; this one has not: use the scalar kernel");
  return requested;
}

const char* kernel_name(Kernel kernel) {
  switch (kernel) {
    case Kernel::automatic: return "automatic";
    case Kernel::scalar: return "scalar";
    case Kernel::avx512: return "avx512";
  }
  return "?";
}

PairTables::PairTables(const fx::EngineTables& t) {
  const auto pair = [](const std::int32_t* table) {
    std::vector<std::int64_t> pairs(fx::kTableSize - 1);
    for (std::size_t i = 0; i < pairs.size(); ++i)
      pairs[i] = static_cast<std::int64_t>(static_cast<std::uint32_t>(table[i])) |
                 static_cast<std::int64_t>(static_cast<std::uint64_t>(static_cast<std::uint32_t>(table[i + 1])) << 32);
    return pairs;
  };
  exp_neg = pair(t.exp_neg), exp_pos = pair(t.exp_pos), inv_s2 = pair(t.inv_s2);
  exp2_frac = pair(t.exp2_frac), expm1_ratio = pair(t.expm1_ratio), reciprocal = pair(t.reciprocal);
}

void step_tile_scalar(TileLanes& tile, const fx::SharedCoefs& shared, const fx::EngineTables& tables,
                      std::vector<std::uint16_t>& spiked, fx::SaturationCounters& sat) {
  const auto& c = tile.config;
  const auto columns = static_cast<std::size_t>(c.columns), stride = static_cast<std::size_t>(tile.stride);
  auto& acc = tile.synaptic_input;
  std::fill(acc.begin(), acc.end(), 0);
  for (const std::size_t i : tile.active_rows) {
    const std::int64_t row_voltage = fx::row_voltage_of(c, static_cast<int>(i));
    for (std::size_t j = 0; j < columns; ++j) {
      const std::int64_t across = fx::clamp64(row_voltage - tile.neurons.vm[j], -fx::kVMax, fx::kVMax);
      acc[j] += across * tile.g[i * stride + j];
    }
  }
  const auto first_spike = spiked.size();
  for (std::size_t j = 0; j < columns; ++j) {
    auto n = tile.neurons.state(j);
    const auto dv = static_cast<std::int32_t>(fx::clamp64(fx::shift_round(acc[j], c.g_shift), -fx::kVMax, fx::kVMax));
    if (fx::step_neuron(n, tile.neurons.coefs(j), shared, tables, c.v_bias, dv, sat)) spiked.push_back(static_cast<std::uint16_t>(j));
    tile.neurons.set_state(j, n);
  }
  if (tile.plastic)  // programmed after the currents: the next step sees the new words
    tile.plastic->program(tile.row_timer, tile.g, tile.stride, tables, std::span(spiked).subspan(first_spike));
  tile.count_down_rows();
}

bool avx512_steps(const TileLanes& tile) {
  const auto& c = tile.config;
  return !tile.plastic && std::all_of(c.row_level, c.row_level + c.rows, [](std::uint8_t level) { return level == 0; });
}

}  // namespace ionarray::fixed
