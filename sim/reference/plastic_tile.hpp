#pragma once
// The plastic crossbar of one tile: drift-memristor synapses programmed by the overlap of the
// presynaptic pulses on the rows with the postsynaptic pulses the neurons' spikes put on the
// columns (the fully memristive scheme). A synapse sees the voltage of its row minus that of its
// column; it changes only where that voltage passes one of its thresholds, which neither pulse
// does alone in a working scheme.
#include <cstdint>
#include <span>
#include <vector>

#include "ionarray/noise.hpp"
#include "reference/drift_synapse.hpp"

namespace ionarray::reference {

// The programming pulses, in steps of the chip. An active row (the steps a triggered row drives
// its neurons) carries pre_head for its first pre_head_steps steps and pre_tail for the rest; a
// column carries post_head for post_head_steps steps from the step after its neuron spiked, then
// post_tail for post_tail_steps steps. Rows not active float (the 1T1R transistor is off: their
// synapses see nothing), unless idle_rows_grounded holds them at 0 V while a column pulses.
struct PulseScheme {
  double pre_head = 0, pre_tail = 0;  // V
  int pre_head_steps = 1;
  double post_head = 0, post_tail = 0;  // V
  int post_head_steps = 1, post_tail_steps = 0;
  bool idle_rows_grounded = false;

  int post_steps() const { return post_head_steps + post_tail_steps; }
  double pre_voltage(int phase) const { return phase < pre_head_steps ? pre_head : pre_tail; }
  double post_voltage(int phase) const { return phase < 0 ? 0 : phase < post_head_steps ? post_head : post_tail; }
};

inline constexpr int kIdlePhase = -1;  // a row or column without a pulse in this step

// The synapse streams sit above the neurons' and the programmed synapses' (array_spec.cpp).
inline constexpr std::uint64_t kPlasticStreamBase = std::uint64_t{1} << 41;

class PlasticTile {
 public:
  // Tile `tile` of a chip seeded with `seed`: synapse (i, j)'s device-to-device draws come from
  // its own stream, the cycle-to-cycle draws from the tile's, so every backend sees the same devices.
  // Rows first_row .. last_row are drift memristors (by default all); the others hold their
  // conductances.
  PlasticTile(const SynapseParams& nominal, const PulseScheme& scheme, int rows, int columns, std::uint64_t seed,
              int tile, int first_row = 0, int last_row = -1);

  // Sets the plastic synapses to conductances g (row-major; each the nearest the device holds)
  // and writes back what they hold.
  void program(std::span<double> g);
  // The programming of one step: row_phase[i] is the step of row i's active pulse (0 first) or
  // kIdlePhase. Each synapse whose voltage passes a threshold moves, and its conductance is
  // written into g (row-major); then the column pulses advance. Returns the synapses changed.
  int step(std::span<const int> row_phase, double dt, std::span<double> g);
  // The neuron of `column` spiked in the step just programmed (called after step()): its column
  // pulse starts with the next step, or starts again if it was still running.
  void spiked(int column);

  const DriftSynapse& synapse(int row, int column) const {
    return synapses_[static_cast<std::size_t>(row * columns_ + column)];
  }
  int column_phase(int column) const { return column_phase_[static_cast<std::size_t>(column)]; }
  const PulseScheme& scheme() const { return scheme_; }

 private:
  int rows_, columns_, first_row_, last_row_;
  PulseScheme scheme_;
  std::vector<DriftSynapse> synapses_;
  std::vector<int> column_phase_;   // the next step's phase of each column's pulse
  std::vector<int> pulsing_;        // scratch: columns pulsing this step
  noise::NoiseStream c2c_draws_;
};

}  // namespace ionarray::reference
