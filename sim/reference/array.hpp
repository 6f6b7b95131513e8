#pragma once
// The chip in double precision: tiles of crossbars and neurons advancing one global step at a
// time, spikes routed to rows (timing in array_spec.hpp).
#include <cstdint>
#include <memory>
#include <vector>

#include "reference/array_spec.hpp"
#include "reference/circuits.hpp"

namespace ionarray::reference {

class ReferenceArray {
 public:
  ReferenceArray(ArraySpec spec, std::uint64_t seed);
  // An external event: activates the row from the next step() on.
  void trigger(int tile, int row);
  // One global step; returns the global indices of the neurons that spiked in it.
  const std::vector<int>& step();
  const NeuronCircuit& neuron(int global) const { return neurons_[static_cast<std::size_t>(global)]; }
  const ArraySpec& spec() const { return spec_; }
  // The conductances (S) of `tile`'s crossbar now, row-major: those of a plastic tile move as
  // its synapses are programmed.
  const std::vector<double>& conductances(int tile) const { return spec_.conductance[static_cast<std::size_t>(tile)]; }
  // The programmed crossbar of a plastic tile (nullptr for a fixed one).
  const PlasticTile* plastic_tile(int tile) const { return plastic_[static_cast<std::size_t>(tile)].get(); }
  // Synapses changed since construction.
  std::uint64_t synapse_changes() const { return synapse_changes_; }

 private:
  ArraySpec spec_;
  std::vector<NeuronCircuit> neurons_;
  std::vector<int> row_timer_;  // tiles * rows: steps the row stays active
  std::vector<int> spiked_;
  std::vector<double> i_syn_;
  std::vector<std::unique_ptr<PlasticTile>> plastic_;  // per tile; null where not plastic
  std::vector<int> row_phase_;                         // scratch: this step's phase of each row
  std::uint64_t synapse_changes_ = 0;
};

}  // namespace ionarray::reference
