#pragma once
// The chip in double precision: tiles of crossbars and neurons advancing one global step at a
// time, spikes routed to rows (timing in array_spec.hpp).
#include <cstdint>
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

 private:
  ArraySpec spec_;
  std::vector<NeuronCircuit> neurons_;
  std::vector<int> row_timer_;  // tiles * rows: steps the row stays active
  std::vector<int> spiked_;
  std::vector<double> i_syn_;
};

}  // namespace ionarray::reference
