#pragma once
// One tile of the software backend in lane layout (NeuronLanes), stepped by either kernel:
// the scalar golden model (the functions of hls/ionarray/neuron_engine.hpp, column by column, as
// fx::step_tile does) or the AVX-512 kernel, which computes eight columns at once and must give
// the same words bit for bit (tests/test_simd.cpp).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "fixed/engine_config.hpp"
#include "fixed/kernel.hpp"
#include "fixed/neuron_lanes.hpp"
#include "fixed/plastic_tile.hpp"
#include "ionarray/tile_engine.hpp"

namespace ionarray::fixed {

struct TileLanes {
  fx::TileConfig config;
  int stride = 0;                       // padded columns: row i of the crossbar starts at i * stride
  std::vector<std::uint16_t> g;         // rows * stride conductance words (0 in the padding)
  std::vector<std::int16_t> row_timer;     // steps each row stays active
  std::vector<std::uint16_t> active_rows;  // rows whose timer runs: only these are visited
  NeuronLanes neurons;
  std::vector<std::int64_t> synaptic_input;  // the scalar kernel's scratch: the step's row currents per column
  std::optional<PlasticTile> plastic;        // drift-memristor synapses programmed by the spikes (scalar kernel)

  // Padding lanes compute a copy of column 0 with no input; their results are discarded.
  TileLanes(const fx::TileConfig& config, std::span<const std::uint16_t> g, std::span<const fx::DeviceCoefs> coefs,
            std::span<const fx::NeuronState> states);
  void trigger(int row) {
    auto& timer = row_timer[static_cast<std::size_t>(row)];
    if (timer == 0 && config.pulse_steps > 0) active_rows.push_back(static_cast<std::uint16_t>(row));
    timer = static_cast<std::int16_t>(config.pulse_steps);
  }
  // After a step: counts the active rows' timers down; rows that reach zero leave the list.
  void count_down_rows();
};

// Function tables as (table[i], table[i + 1]) pairs in one 64-bit word: one gather per interpolation.
struct PairTables {
  std::vector<std::int64_t> exp_neg, exp_pos, inv_s2, exp2_frac, expm1_ratio, reciprocal;
  explicit PairTables(const fx::EngineTables& tables);
};

// One global step of the tile; spiking columns are appended to `spiked` in column order. The
// AVX-512 kernel steps tiles with one row voltage and a fixed crossbar only (avx512_steps()).
void step_tile_scalar(TileLanes& tile, const fx::SharedCoefs& shared, const fx::EngineTables& tables,
                      std::vector<std::uint16_t>& spiked, fx::SaturationCounters& sat);
bool avx512_steps(const TileLanes& tile);
void step_tile_avx512(TileLanes& tile, const fx::SharedCoefs& shared, const PairTables& tables,
                      std::vector<std::uint16_t>& spiked, fx::SaturationCounters& sat);

}  // namespace ionarray::fixed
