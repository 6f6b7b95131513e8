#pragma once
// What a run records besides spikes: state traces of chosen neurons, every `decimation` steps.
#include <string_view>
#include <vector>

namespace ionarray {

// State of one neuron: membrane voltage (V), filament fraction f, residue r, cross-section S
// (all three dimensionless), and the neuron device's conductance (S).
enum class TraceField { vm, f, r, s, g };

struct TracedNeuron {
  int tile = 0;
  int neuron = 0;  // column within the tile
};

struct RecordSpec {
  std::vector<TracedNeuron> neurons;  // in the order the layout lists them, each once
  std::vector<TraceField> fields;     // in the order the layout lists them
  long decimation = 1;                // a sample every this many steps, from step 0
  bool vcd = false;                   // also write traces.vcd
  long line = 0;                      // of [record] in the layout, for errors about recording
  bool enabled() const { return !neurons.empty(); }
};

// The name of a field in layouts and CSV headers ("vm", "f", ...), and its unit ("V", "S", "").
std::string_view trace_field_name(TraceField f);
std::string_view trace_field_unit(TraceField f);

}  // namespace ionarray
