#pragma once
// Resource and step-rate estimates of an array shape on an FPGA part, from the synthesis results
// of the engine and of tile shells (see docs/rtl.md, "Synthesis and estimates").
#include <string>

#include "estimate/parts.hpp"
#include "estimate/synth_results.hpp"

namespace ionarray::estimate {

// A resource as a linear function of the tile shape, fitted by least squares to the tile-shell
// runs of one family: value = base + per_row * rows + per_column * columns.
struct LinearModel {
  double base = 0, per_row = 0, per_column = 0;
  double at(int rows, int columns) const { return base + per_row * rows + per_column * columns; }
};
struct ShellModel {
  LinearModel luts, ffs, dsps, bram36;
  Resources at(int rows, int columns) const;
};

// Needs at least three tile-shell runs of `family` whose shapes do not lie on one line.
ShellModel fit_shell_model(const SynthResults& results, const std::string& family);
Resources engine_resources(const SynthResults& results, const std::string& family);

// Clock cycles of one array step of the RTL (ionarray_array_core.sv and ionarray_tile.sv) with
// no input events and no spikes: all tiles step at once, in rows + columns + 5 cycles (step,
// rows + 1 accumulate, columns + 1 neuron, done, hand-over); gathering their spike lists takes
// one cycle per tile, and step control 6. Each input event adds 1 cycle; each spike adds
// 2 + ROUTE_SLOTS (4) cycles (gathered, sent, routed) and each spike packet 1 more.
long cycles_per_step(int tiles, int rows, int columns);

struct PartFit {
  long tiles = 0;        // tiles of the shape the part's totals hold
  std::string limit;     // the resource that runs out first: "LUT", "FF", "DSP" or "BRAM"
  double per_tile = 0;   // of that resource: one tile's use
  double available = 0;  // and the part's total
};
PartFit fit_on_part(const Resources& per_tile, const Part& part);

}  // namespace ionarray::estimate
