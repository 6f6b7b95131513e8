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

// Needs at least three tile-shell runs of `family` whose shapes do not lie on one line (with
// `kind` "plastic_shell": of tile shells with every row plastic and the most row voltages).
ShellModel fit_shell_model(const SynthResults& results, const std::string& family, const std::string& kind = "tile_shell");

// The array shell (array core and register block, tiles left out) as a linear function of the
// array shape: value = base + per_tile * tiles + per_neuron * tiles * columns (the routing
// memory, spike list and output FIFO grow with the neurons; the tile ports and capture with the
// tiles; rows only widen a row index). Fitted like the tile shells, from the array-shell runs.
struct ArrayModel {
  double base = 0, per_tile = 0, per_neuron = 0;
  double at(int tiles, int columns) const { return base + per_tile * tiles + per_neuron * tiles * columns; }
};
struct ArrayShellModel {
  ArrayModel luts, ffs, dsps, bram36;
  Resources at(int tiles, int columns) const;
  // What one more tile of `columns` adds, and what is there with none.
  Resources per_tile(int columns) const;
  Resources fixed() const;
};
ArrayShellModel fit_array_shell_model(const SynthResults& results, const std::string& family);
Resources engine_resources(const SynthResults& results, const std::string& family);

// What a layout needs of the RTL tile beyond a fixed crossbar at one voltage (ionarray_tile's
// ROW_LEVELS and PLASTIC_ROWS).
struct TileOptions {
  int row_levels = 1;    // row voltages per tile
  int plastic_rows = 0;  // rows per tile whose synapses the tile programs
};

// Clock cycles of one array step of the RTL (ionarray_array_core.sv and ionarray_tile.sv) with
// no input events and no spikes, the tiles' shared coefficients equal within each engine's group:
// all engines step at once, in rows + K columns + S + L + 3 cycles (step; rows accumulating, one
// crossbar row per cycle; K columns + S + L neurons: one issued per cycle from each of the
// K = min(tiles, tiles_per_engine) tiles in turn, its synaptic input reaching the engine
// S = fx::kTileSynapseLatency cycles later and the last leaving the engine L = fx::kEngineLatency
// cycles after that; the last write-back; done); gathering their spike lists takes one cycle per
// tile, and step control 6. Each input event adds 1 cycle; each spike adds 2 + ROUTE_SLOTS (4)
// cycles (gathered, sent, routed) and each spike packet 1 more. Where the next tile's shared
// coefficients differ from the engine's, its first neuron waits for the engine to empty.
// More than one row voltage adds fx::kLevelSumLatency to S. Plastic rows: while the neurons step,
// each tile walks its plastic rows, one synapse per cycle, through the programming pipeline
// (fx::kSynapseProgramLatency): the neuron phase lasts the longer of the two, the walk counted as
// in a step that programs its last synapse.
long cycles_per_step(int tiles, int rows, int columns, int tiles_per_engine, TileOptions options = {});
// The tile shells whose synthesis counts for tiles built with `options`: "tile_shell", or
// "plastic_shell" (every row plastic and the most row voltages: an upper bound).
std::string shell_kind(TileOptions options);
// The parts of a step's neuron phase: a neuron's synaptic input (S above), and K columns + S + L.
int synapse_latency(TileOptions options);
long neuron_phase_cycles(int tiles, int columns, int tiles_per_engine, TileOptions options);
// The walk's cycles: one per plastic synapse, then the last one's way through the pipeline.
long program_walk_cycles(int plastic_rows, int columns);

// Tiles of the shape whose quiet step takes at most `cycles` (0 when not even one does).
long tiles_within_cycles(long cycles, int rows, int columns, int tiles_per_engine, TileOptions options = {});

// The clock a family's netlists support, from their deepest register-to-register path in logic
// levels (netlist_depth.hpp): period = overhead + levels x delay per level, the delay per level
// (a LUT, MUXF or carry and its route to the next) between a fast and a slow bound, capped.
// Assumptions of this project, stated in docs/rtl.md; timing closure needs Vivado.
struct ClockModel {
  double overhead_ns;     // clock-to-out, setup, clock skew and uncertainty
  double level_fast_ns;   // per level, routed close
  double level_slow_ns;   // per level, routed typically
  double cap_mhz;         // no faster than this whatever the depth
};
const ClockModel& clock_model(const std::string& family);

struct ClockBand {
  double levels = 0;       // the deepest path of the family's runs
  std::string where;       // which run it is in
  std::string path;        // its cell types
  double sta_ns = -1;      // Yosys sta's latest arrival on that family's deepest run, where measured
  double low_mhz = 0, high_mhz = 0;
};
// From every run of `family` that recorded its depth (or, with `tiles_only`, the engine and tile
// shell runs alone); an InputError if none did.
// Plastic tile shells count only with `plastic` (a layout whose tiles are built with them).
ClockBand derive_clock(const SynthResults& results, const std::string& family, bool tiles_only = false, bool plastic = false);

struct PartFit {
  long tiles = 0;        // tiles of the shape the part's totals hold
  std::string limit;     // the resource that runs out first: "LUT", "FF", "DSP" or "BRAM"
  double per_tile = 0;   // of that resource: one tile's use
  double available = 0;  // and what the part has of it for tiles (its total less `fixed`)
};
// Tiles that fit next to `fixed` (what the array needs whatever its size).
PartFit fit_on_part(const Resources& per_tile, const Part& part, const Resources& fixed = {});
// Tiles of rows x columns (tile shell, its share of an engine serving tiles_per_engine tiles, and of
// the array core) that fit `part`. (The engine's shared-coefficient registers for the tiles it
// serves are in the tile shell.)
PartFit fit_tiles(const SynthResults& results, const Part& part, int rows, int columns, int tiles_per_engine,
                  TileOptions options = {});

}  // namespace ionarray::estimate
