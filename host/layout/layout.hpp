#pragma once
// Layout files (TOML): a memristive chip to emulate and how to run it. Validated completely
// before anything is built; every error names file, line, field and what is allowed (for CSV
// files: the CSV's file and line).
//
//   [chip]      tiles = [2, 2] (grid rows, columns), rows = 64, columns = 64
//   [neurons]   set = "lif" (or a parameter file), c2c, d2d, v_bias
//               [[neurons.region]] tiles = [...], set, c2c, d2d: another set for those tiles
//   [synapses]  g_max, levels, spread, seed, and kind =
//                 "random" | "sparse" (density) | "identity": generated;
//                 "inline": matrix = [[...]] (rows x columns, every tile) and/or
//                           [[synapses.tile]] tile, matrix (per tile); unit = "S" | "mS" | "uS" | "nS";
//                 "csv": file (columns tile,row,column,g in S; unlisted synapses are 0)
//               every kind is programmed to the nearest of `levels` in 0 .. g_max, then spread.
//   [pulses]    voltage, steps (how an active row is driven); [[pulses.rows]] rows = [first, last],
//               voltage: another voltage for those rows of every tile (reference:// only)
//   [plasticity] set = "vteam" (or a synapse parameter file, or an inline table), c2c, d2d,
//               tiles = [...] (default: every tile), rows = [first, last] (default: every row):
//               drift-memristor synapses programmed by spikes;
//               [plasticity.pulses] pre_head, pre_head_steps, pre_tail (V on an active row),
//               post_head, post_head_steps, post_tail, post_tail_steps (V on a spiking neuron's
//               column), idle_rows = "float" | "ground"
//   [routing]   pattern = "none" | "ring", ring;  [[routing.route]] from = [tile, neuron], to = [[tile, row], ...]
//   [[input]]   kind = "poisson": tiles, probability, seed;  kind = "csv": file (columns step,tile,row);
//               kind = "dc": voltage, tiles (all of them: the chip has one v_bias)
//   [record]    neurons = [[tile, neuron] | [tile, first, last], ...], fields = ["vm", "f", "r", "s", "g"],
//               decimation, vcd
//   [run]       steps, seed
//   [partition] devices = [[tile, ...], ...] (the tiles of each device of a chip over several)
// See examples/ for complete files.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "layout/inputs.hpp"
#include "layout/record_spec.hpp"
#include "reference/array_spec.hpp"

namespace ionarray {

struct Layout {
  std::string path;
  reference::ArraySpec spec;
  int grid_rows = 1, grid_columns = 1;
  ArrayInputs inputs;
  RecordSpec record;
  double synapse_g_max = 0;  // [synapses] g_max: the crossbar words' largest conductance (S)
  long steps = 0;
  std::uint64_t seed = 1;
  // [partition] devices = [[tiles of device 0], [tiles of device 1], ...]: the tiles each device
  // holds when the chip is spread over several (--backend URI1,URI2,...); each tile exactly once.
  // Empty: tile t on device t % (number of devices).
  std::vector<std::vector<int>> partition;
  long partition_line = 0;
};

Layout load_layout(const std::string& path);

// Refuses traces ([record]) that would write more than kMaxOutputValues values over the layout's
// steps; `steps_field` names where the step count came from ("run.steps", "--steps").
void check_trace_size(const Layout& layout, const std::string& steps_field);

// Refuses a layout the fixed-point array (and so every link device) cannot hold, naming the limit
// and by how much it is exceeded. (The reference model has no limit but memory, checked when
// the layout is read.)
void check_fixed_point_capacity(const Layout& layout);
// Voltages the rows of a tile are driven at (pulses.voltage and [[pulses.rows]]), and the rows
// per plastic tile whose synapses are programmed (0 without [plasticity]): what a device's tile
// must hold (its row_levels and plastic_rows registers).
int row_voltage_levels(const reference::ArraySpec& spec);
int plastic_rows_per_tile(const reference::ArraySpec& spec);
// Refuses a layout with plastic synapses on `device`, whose crossbar is fixed.
void check_static_crossbar(const Layout& layout, std::string_view device);

// The tiles of each of `devices` devices: the layout's [partition] (which must list that many
// devices) or round-robin (tile t on device t % devices). InputError naming the table otherwise.
std::vector<std::vector<int>> partition_tiles(const Layout& layout, int devices);

}  // namespace ionarray
