#include "estimate/chip_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray::estimate {

ChipEstimate estimate_chip(const SynthResults& results, const Part& part, const ChipShape& shape, int tiles_per_engine,
                           double clock_mhz) {
  if (tiles_per_engine < 1 || shape.tiles % tiles_per_engine != 0)
    throw std::invalid_argument(fmt::format("{} tiles per engine does not divide {} tiles", tiles_per_engine, shape.tiles));
  ChipEstimate e;
  e.engine = engine_resources(results, part.family);
  const bool plastic = shell_kind(shape.options) == "plastic_shell";
  e.tile = e.engine * (1.0 / tiles_per_engine) +
           fit_shell_model(results, part.family, shell_kind(shape.options)).at(shape.rows, shape.columns);
  e.core = fit_array_shell_model(results, part.family).at(shape.tiles, shape.columns);
  e.array = e.core + e.tile * shape.tiles;
  e.fit = fit_tiles(results, part, shape.rows, shape.columns, tiles_per_engine, shape.options);
  e.cycles_per_step = cycles_per_step(shape.tiles, shape.rows, shape.columns, tiles_per_engine, shape.options);
  e.band = derive_clock(results, part.family, false, plastic);
  e.clock_mhz = clock_mhz > 0 ? clock_mhz : e.band.low_mhz;
  e.steps_per_s = e.clock_mhz * 1e6 / static_cast<double>(e.cycles_per_step);
  e.engine_and_tiles_band = derive_clock(results, part.family, true, plastic);
  e.core_limits_clock = e.engine_and_tiles_band.levels < e.band.levels;
  return e;
}

std::vector<RealTimeFit> real_time_fits(const SynthResults& results, double clock_mhz, double dt_s, int rows, int columns,
                                        TileOptions options,
                                        bool tiles_only) {
  constexpr int kSharings[] = {1, 2, 4, 8, 16};
  std::vector<RealTimeFit> fits;
  for (const auto& p : known_parts()) {
    RealTimeFit f{.part = p.name};
    try {
      const ClockBand band = derive_clock(results, p.family, tiles_only, shell_kind(options) == "plastic_shell");
      f.clock_mhz = clock_mhz > 0 ? clock_mhz : band.low_mhz;
      f.cycle_budget = static_cast<long>(std::floor(f.clock_mhz * 1e6 * dt_s));
      long best = -1;
      PartFit best_fit;
      for (const int k : kSharings) {
        const long by_time = tiles_within_cycles(f.cycle_budget, rows, columns, k, options);
        const PartFit by_resources = fit_tiles(results, p, rows, columns, k, options);
        if (std::min(by_time, by_resources.tiles) <= best) continue;
        best = std::min(by_time, by_resources.tiles);
        f.tiles_by_time = by_time, f.tiles_per_engine = k, best_fit = by_resources;
      }
      f.tiles = best;
      f.tiles_by_resources = best_fit.tiles;
      f.limit = f.tiles_by_time < best_fit.tiles ? std::string("step time") : best_fit.limit;
    } catch (const InputError& e) {
      f.error = e.what();
    }
    fits.push_back(f);
  }
  return fits;
}

}  // namespace ionarray::estimate
