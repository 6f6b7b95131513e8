#pragma once
// Layout files (TOML): a memristive chip to emulate and how to run it. Validated completely
// before anything is built; every error names file, line, field and what is allowed.
//
//   [chip]      tiles = [2, 2] (grid rows, columns), rows = 64, columns = 64
//   [neurons]   set = "lif" (or a parameter file), c2c, d2d, v_bias
//   [synapses]  kind = "random" | "sparse" | "identity", g_max, levels, spread, density, seed
//   [pulses]    voltage, steps (how an active row is driven)
//   [routing]   pattern = "none" | "ring", ring;  [[routing.route]] from = [tile, neuron], to = [[tile, row], ...]
//   [[input]]   kind = "poisson": tiles, probability, seed;  kind = "csv": file (columns step,tile,row)
//   [run]       steps, seed
// See examples/ for complete files.
#include <cstdint>
#include <string>

#include "experiments/array_run.hpp"
#include "layout/record_spec.hpp"
#include "reference/array_spec.hpp"

namespace ionarray {

struct Layout {
  std::string path;
  reference::ArraySpec spec;
  int grid_rows = 1, grid_columns = 1;
  ArrayInputs inputs;
  RecordSpec record;
  long steps = 0;
  std::uint64_t seed = 1;
};

Layout load_layout(const std::string& path);

// Refuses a layout the backend cannot hold, naming the limit and by how much it is exceeded.
void check_capacity(const Layout& layout, Backend backend);

}  // namespace ionarray
