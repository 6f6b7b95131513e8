#pragma once
// A chip of tiles: each tile a crossbar of synaptic memristors (rows = inputs, columns = neurons)
// feeding one diffusive-memristor neuron per column; spikes drive rows through a routing table.
// This is the description every backend builds from.
#include <cstdint>
#include <vector>

#include "reference/device_params.hpp"
#include "reference/plastic_tile.hpp"

namespace ionarray::reference {

struct RowTarget {
  int tile = 0;
  int row = 0;
};

// Which tiles' synapses are drift memristors programmed by the neurons' spikes, with their
// device parameters and the programming pulses (the same for every plastic tile).
struct PlasticitySpec {
  SynapseParams synapse;
  PulseScheme pulses;
  std::vector<bool> tiles;  // per tile: plastic or not; empty: no plasticity
  int first_row = 0, last_row = -1;  // the plastic rows of a plastic tile (last_row -1: to the last)

  bool any() const {
    for (bool t : tiles)
      if (t) return true;
    return false;
  }
  bool plastic(int tile) const { return static_cast<std::size_t>(tile) < tiles.size() && tiles[static_cast<std::size_t>(tile)]; }
};

struct ArraySpec {
  int tiles = 1;
  int rows = 1;     // crossbar rows per tile (inputs)
  int columns = 1;  // crossbar columns per tile (one neuron each)
  ParameterSet neuron;           // device and neuron circuit of every column ...
  std::vector<ParameterSet> tile_neuron;  // ... or of each tile's columns (regions); same dt
  const ParameterSet& neuron_of(int tile) const {
    return tile_neuron.empty() ? neuron : tile_neuron[static_cast<std::size_t>(tile)];
  }
  double v_bias = 0;             // V at the far end of each neuron's Rin
  double row_voltage = 1.0;      // V applied to an active row ...
  std::vector<double> row_voltages;  // ... or to active row i of every tile (empty: row_voltage)
  double row_voltage_of(int row) const {
    return row_voltages.empty() ? row_voltage : row_voltages[static_cast<std::size_t>(row)];
  }
  int pulse_steps = 5;           // steps a triggered row stays active
  // Synaptic conductances (S), row-major per tile: g[tile][row * columns + column].
  std::vector<std::vector<double>> conductance;
  // Rows each neuron drives when it spikes, by global neuron index tile * columns + column.
  std::vector<std::vector<RowTarget>> routes;
  // Plastic tiles start from the conductances above, each the nearest its device holds.
  PlasticitySpec plasticity;

  int neurons() const { return tiles * columns; }
};

// Timing, the same on every backend: an external event stamped k, or a spike detected at the end
// of step k - 1, activates its rows for steps k .. k + pulse_steps - 1. An active row i injects
// G_ij (V_row - Vm_j) into neuron j, with Vm_j from the start of the step.

struct SynapseGenerator {
  enum class Kind { random, identity, sparse } kind = Kind::random;
  double g_max = 10e-6;  // S
  int levels = 16;       // programmable conductance levels between 0 and g_max
  double spread = 0.0;   // relative device-to-device spread of each programmed synapse
  double density = 1.0;  // share of non-zero synapses (sparse)
};

// Fills spec.conductance for every tile from `gen`, seeded per tile.
void generate_synapses(ArraySpec& spec, const SynapseGenerator& gen, std::uint64_t seed);

// Programs given conductances (S, per tile row-major, each 0 .. gen.g_max) the way
// generate_synapses programs its draws: the nearest of gen.levels, then gen.spread, seeded per
// tile. gen.kind and gen.density are not used.
void program_synapses(ArraySpec& spec, const std::vector<std::vector<double>>& targets, const SynapseGenerator& gen,
                      std::uint64_t seed);

}  // namespace ionarray::reference
