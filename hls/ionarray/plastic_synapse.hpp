#pragma once
// The drift-memristor synapse in fixed point: the VTEAM state x of each plastic synapse, the
// change one step of programming gives it, and the crossbar word its conductance makes. The
// double-precision model is sim/reference/plastic_tile.hpp; the RTL computes the same words.
//
// The voltage across a synapse takes few values: an active row carries its pulse's head or tail,
// a column its spike's head, tail or nothing, and a grounded idle row 0 V under a pulsing column.
// Each combination is a voltage class; since VTEAM's rate depends on the voltage and the device's
// own thresholds and rates only, the host computes each synapse's change of x per class once, at
// load (in x LSB per step), and the tile adds it. Only the classes that move some synapse of the
// tile take a slot in the synapse's memory.
#include <cstdint>

#include "ionarray/neuron_engine.hpp"
#include "ionarray/noise.hpp"

namespace ionarray::fx {

// x in [0, 1], UQ1.24: x = 0 is fully ON (conductance 1 / R_on), 1 fully OFF (1 / R_off).
inline constexpr int kSynapseXFrac = 24;
inline constexpr std::int32_t kSynapseXOne = 1 << kSynapseXFrac;

// Clocks from a synapse's entry into the RTL's programming pipeline (ionarray_synapse_program)
// to its new x and word.
inline constexpr int kSynapseProgramLatency = 36;

// Voltage classes: 3 * pre + post on an active row (pre 0: the row's head, 1: its tail; post 0:
// no column pulse, 1: the column's head, 2: its tail), and 6 + post - 1 on a grounded idle row
// under a pulsing column. A floating idle row, or an idle row under a silent column, sees none.
inline constexpr int kVoltageClasses = 8;
// Voltage classes that move some synapse of one tile, each with a change per synapse (a slot).
inline constexpr int kSynapseSlots = 4;
// Plastic rows per tile the C++ link core holds (the RTL: its PLASTIC_ROWS parameter).
inline constexpr int kPlasticRows = 64;
inline constexpr int kNoVoltage = -1;
inline constexpr int kIdleColumn = -1;  // a column's phase without a pulse

struct PlasticConfig {
  int first_row = 0, last_row = -1;  // the plastic rows
  int pulse_steps = 1;               // TileConfig::pulse_steps: a row's phase is pulse_steps - its timer
  int pre_head_steps = 1, post_head_steps = 1, post_tail_steps = 0;
  bool idle_rows_grounded = false;
  std::int8_t slot[kVoltageClasses] = {-1, -1, -1, -1, -1, -1, -1, -1};  // class -> slot of its change (-1: none)
  int slots = 0;
  Coef c2c;               // cycle to cycle: the change dx becomes dx + apply(c2c, round(dx code, 17))
  Coef resistance_ratio;  // R_off / R_on - 1
  Coef word_on;           // the crossbar word of x = 0
};

// The class of the voltage across synapses of a row whose timer stands at `row_timer` (0: idle)
// and a column at `column_phase` (kIdleColumn: no pulse).
constexpr int voltage_class(const PlasticConfig& c, int row_timer, int column_phase) {
  const int post = column_phase == kIdleColumn ? 0 : column_phase < c.post_head_steps ? 1 : 2;
  if (row_timer > 0) return 3 * (c.pulse_steps - row_timer < c.pre_head_steps ? 0 : 1) + post;
  return c.idle_rows_grounded && post > 0 ? 5 + post : kNoVoltage;
}

// A column's phase in the next step: its pulse runs post_head_steps + post_tail_steps steps. (A
// spike in this step starts it again at 0, after this.)
constexpr int next_column_phase(const PlasticConfig& c, int phase) {
  return phase == kIdleColumn || phase + 1 >= c.post_head_steps + c.post_tail_steps ? kIdleColumn : phase + 1;
}

// x after one step that moves it by `change` (x LSB, before variation) with the tile's Gaussian
// code `code` (noise::gaussian_code): change (1 + c2c z), x kept in [0, 1].
template <typename M = PlainMultiply>
std::int32_t program_synapse(const PlasticConfig& c, std::int32_t x, std::int32_t change, std::int32_t code) {
  const std::int64_t varied = change + apply<M>(c.c2c, shift_round(M::mul(change, code), 17));
  return static_cast<std::int32_t>(clamp64(x + varied, 0, kSynapseXOne));
}

// The crossbar word of state x: word_on / (1 + (R_off / R_on - 1) x), VTEAM's resistance linear
// in x, through the engine's reciprocal; at most the largest word.
template <typename M = PlainMultiply>
std::uint16_t synapse_word(const PlasticConfig& c, const EngineTables& t, std::int32_t x) {
  const std::int64_t resistance = kSynapseXOne + apply<M>(c.resistance_ratio, x);  // R / R_on, UQ.24
  const Reciprocal inv = reciprocal<M>(t, static_cast<std::uint64_t>(resistance), kSynapseXFrac);
  const std::int64_t word = shift_round(M::mul(inv.q, c.word_on.mant), 16 - inv.e + c.word_on.shift);
  return static_cast<std::uint16_t>(clamp64(word, 0, 0xFFFF));
}

// One step's programming of a tile's plastic rows, after its neurons stepped and before its row
// timers count down (`row_timer` as the step found them): each synapse whose voltage class moves
// it takes the next word of the tile's stream `noise`, in row-major order, and its x changes.
// `synapses` holds them: x(row, column) (a reference), change(row, column, slot), and
// write_word(row, column, word) for each synapse whose x changed.
template <typename M = PlainMultiply, typename Synapses>
void program_rows(const PlasticConfig& c, const std::int16_t* row_timer, const std::int16_t* column_phase, int columns,
                  const EngineTables& t, std::uint64_t& noise, Synapses& synapses) {
  bool pulsing = false;
  for (int j = 0; j < columns; ++j) pulsing = pulsing || column_phase[j] != kIdleColumn;
  for (int i = c.first_row; i <= c.last_row; ++i) {
    if (row_timer[i] == 0 && !(c.idle_rows_grounded && pulsing)) continue;  // no voltage across the row
    for (int j = 0; j < columns; ++j) {
      const int voltage = voltage_class(c, row_timer[i], column_phase[j]);
      if (voltage == kNoVoltage || c.slot[voltage] < 0) continue;
      const std::int32_t change = synapses.change(i, j, c.slot[voltage]);
      if (change == 0) continue;
      noise = noise::xorshift64(noise);
      std::int32_t& x = synapses.x(i, j);
      const std::int32_t next = program_synapse<M>(c, x, change, noise::gaussian_code(noise));
      if (next == x) continue;
      x = next;
      synapses.write_word(i, j, synapse_word<M>(c, t, next));
    }
  }
}

// The column pulses after a step: each advances a phase, and those of the `n` columns in
// `spiked` start again.
inline void advance_column_pulses(const PlasticConfig& c, std::int16_t* column_phase, int columns,
                                  const std::uint16_t* spiked, int n) {
  for (int j = 0; j < columns; ++j) column_phase[j] = static_cast<std::int16_t>(next_column_phase(c, column_phase[j]));
  if (c.post_head_steps + c.post_tail_steps > 0)
    for (int k = 0; k < n; ++k) column_phase[spiked[k]] = 0;
}

}  // namespace ionarray::fx
