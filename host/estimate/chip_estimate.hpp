#pragma once
// The estimate of a whole chip on one part, and which parts step how many of its tiles in real
// time: the figures `ionarray estimate` prints and ionarray.estimate() returns.
#include <string>
#include <vector>

#include "estimate/estimate.hpp"

namespace ionarray::estimate {

struct ChipShape {
  int tiles = 1, rows = 1, columns = 1;
  double dt_s = 0;      // the neuron set's step
  TileOptions options;  // row voltages and plastic rows the tiles hold
};

struct ChipEstimate {
  Resources engine, tile, core, array;  // tile: shell and its share of an engine; core: the array shell
  PartFit fit;                          // tiles of the shape the part holds
  long cycles_per_step = 0;             // a quiet step
  ClockBand band;                       // from the part family's deepest path
  double clock_mhz = 0;                 // the stated clock, else the band's low end
  double steps_per_s = 0;
  // Where the array core's path is deeper than the engine's and the tiles': their band alone.
  bool core_limits_clock = false;
  ClockBand engine_and_tiles_band;
};
// `tiles_per_engine` divides shape.tiles (std::invalid_argument otherwise: callers name their
// option); clock_mhz 0 takes the low end of the band.
ChipEstimate estimate_chip(const SynthResults& results, const Part& part, const ChipShape& shape, int tiles_per_engine,
                           double clock_mhz);

// On one known part: the most tiles of rows x columns that step in real time at dt, over 1, 2,
// 4, 8 and 16 tiles per engine, and what limits them.
struct RealTimeFit {
  std::string part;
  std::string error;           // no estimate for this part (no path depth recorded for its family)
  long tiles = 0;              // by both resources and step time
  int tiles_per_engine = 1;
  long tiles_by_time = 0;      // whose quiet step fits the cycle budget
  long tiles_by_resources = 0;
  std::string limit;           // "step time", or the resource that runs out
  long cycle_budget = 0;       // clock x dt
  double clock_mhz = 0;
};
// At `clock_mhz` (0: each part's low clock; with `tiles_only`, the band of the engine and tiles).
std::vector<RealTimeFit> real_time_fits(const SynthResults& results, double clock_mhz, double dt_s, int rows, int columns,
                                        TileOptions options,
                                        bool tiles_only);

}  // namespace ionarray::estimate
