#pragma once
// One tile in fixed point: a crossbar of synaptic conductance words feeding one neuron engine
// per column. Static sizes (up to 256 x 256) so Vitis HLS can map the crossbar to block RAM;
// the same function is the software backend's tile step.
#include <cstddef>
#include <cstdint>

#include "ionarray/neuron_engine.hpp"

namespace ionarray::fx {

inline constexpr int kMaxRows = 256;
inline constexpr int kMaxColumns = 256;

// The RTL tile's accumulation (rtl/core/ionarray_tile.sv). V_row is the same for every row of a
// voltage level, so a column's input sum_i G_ij (V_row - Vm_j) over the active rows is the sum
// over the levels of (V_level - Vm_j) sum_i G_ij: one crossbar row enters per clock and is added
// to the columns' conductance sums of its level (an adder per column and level, no multiply).
// Each neuron's drives V_level - Vm then meet its column's sums in kTileSynapseLatency clocks (a
// RAM read of Vm, the differences, their clamps, two 27 x 18 DSP products per level and their
// sum) before the engine; an RTL tile built with more than one level (ROW_LEVELS) adds the
// levels' sum, kLevelSumLatency clocks more.
inline constexpr int kTileSynapseLatency = 7;
inline constexpr int kLevelSumLatency = 1;
// The sum's two DSP operands: 17 low bits and the rest (the narrow operand is 18 bits, signed).
inline constexpr int kConductanceSumSplit = 17;

// Limits of the configuration words, checked once by the link core as they are written.
inline constexpr int kConductanceWordMax = 0xFFFF;  // a crossbar word is 16 bits (TileMemory::g)
inline constexpr int kGShiftMax = 62;               // the shift of a 64-bit conductance sum
inline constexpr int kPulseStepsMax = 32767;        // a row timer is 16 bits, signed (TileMemory::row_timer)
// Rows driven at voltages of their own (excitatory and inhibitory rows): a column sums the
// conductances of the active rows per voltage level, so a tile holds this many levels.
inline constexpr std::size_t kRowVoltageLevels = 4;

struct TileConfig {
  int rows = 0, columns = 0;
  std::int32_t row_voltage = 0;  // V format: the voltage of an active row (of level 0)
  std::int32_t v_bias = 0;       // V format: the far end of each neuron's Rin
  int g_shift = 0;               // synapse word w: per-step conductance dt G / C = w 2^-g_shift
  int pulse_steps = 1;           // steps a triggered row stays active
  std::int32_t level_voltage[kRowVoltageLevels - 1] = {};  // V format: levels 1 .. of the row voltages
  std::uint8_t row_level[kMaxRows] = {};                   // each row's level (0: row_voltage)
};

// The voltage of an active row.
inline std::int32_t row_voltage_of(const TileConfig& c, int row) {
  const int level = c.row_level[row];
  return level == 0 ? c.row_voltage : c.level_voltage[level - 1];
}

// The tile's memories: crossbar, parameter memory, state memory, row timers.
struct TileMemory {
  std::uint16_t g[kMaxRows][kMaxColumns];
  DeviceCoefs coefs[kMaxColumns];
  NeuronState neurons[kMaxColumns];
  std::int16_t row_timer[kMaxRows];
};

inline void trigger_row(TileMemory& m, const TileConfig& c, int row) {
  m.row_timer[row] = static_cast<std::int16_t>(c.pulse_steps);
}

// One global step of the tile. Spiking columns are written to spiked[0 .. n); returns n.
template <typename M = PlainMultiply>
int step_tile(TileMemory& m, const TileConfig& c, const SharedCoefs& sh, const EngineTables& t,
              std::uint16_t spiked[kMaxColumns], SaturationCounters& sat) {
  // Synaptic input: the conductance sum of the active rows of each voltage level per column,
  // times the column's clamped drive V_level - Vm_j at full precision, summed over the levels and
  // rounded once per column.
  std::int32_t conductance_sum[kRowVoltageLevels][kMaxColumns];
  IONARRAY_HLS_PRAGMA(HLS ARRAY_PARTITION variable = conductance_sum complete dim = 1)
  for (std::size_t l = 0; l < kRowVoltageLevels; ++l)
    for (int j = 0; j < c.columns; ++j) conductance_sum[l][j] = 0;
  for (int i = 0; i < c.rows; ++i) {
    if (m.row_timer[i] == 0) continue;
    for (int j = 0; j < c.columns; ++j) {
      IONARRAY_HLS_PRAGMA(HLS PIPELINE II = 1)
      conductance_sum[c.row_level[i]][j] += m.g[i][j];
    }
    --m.row_timer[i];
  }
  // The neuron steps, as step_neuron() in two passes over the columns: the stages of different
  // neurons are independent, so a CPU overlaps them (in hardware the engine pipelines them).
  for (int j = 0; j < c.columns; ++j) {
    IONARRAY_HLS_PRAGMA(HLS PIPELINE II = 1)
    std::int64_t acc = 0;
    for (std::size_t l = 0; l < kRowVoltageLevels; ++l) {
      const std::int32_t level_voltage = l == 0 ? c.row_voltage : c.level_voltage[l - 1];
      const std::int64_t across = clamp64(std::int64_t{level_voltage} - m.neurons[j].vm, -kVMax, kVMax);
      const std::int64_t low = conductance_sum[l][j] & ((1 << kConductanceSumSplit) - 1);
      const std::int64_t high = conductance_sum[l][j] >> kConductanceSumSplit;
      acc += M::mul(across, low) + M::mul(across, high) * (std::int64_t{1} << kConductanceSumSplit);
    }
    const std::int64_t dv = clamp64(shift_round(acc, c.g_shift), -kVMax, kVMax);
    const std::int64_t vm = update_membrane<M>(m.neurons[j], sh, c.v_bias, static_cast<std::int32_t>(dv), sat);
    update_filament<M>(m.neurons[j], m.coefs[j], sh, t, vm, sat);
  }
  int n = 0;
  for (int j = 0; j < c.columns; ++j) {
    IONARRAY_HLS_PRAGMA(HLS PIPELINE II = 1)
    update_conductance<M>(m.neurons[j], sh, t, sat);
    if (detect_spike<M>(m.neurons[j], sh)) spiked[n++] = static_cast<std::uint16_t>(j);
  }
  return n;
}

}  // namespace ionarray::fx
