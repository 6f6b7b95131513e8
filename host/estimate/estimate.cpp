#include "estimate/estimate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "io/input_error.hpp"
#include "ionarray/plastic_synapse.hpp"
#include "ionarray/tile_engine.hpp"

namespace ionarray::estimate {

Resources ShellModel::at(int rows, int columns) const {
  return {luts.at(rows, columns), ffs.at(rows, columns), dsps.at(rows, columns), bram36.at(rows, columns)};
}

namespace {

// The walk's cycles beyond one per synapse: the last synapse's pulse lookup, its class and RAM
// read, its entry into the programming pipeline and its way through, until the tile may end the step.
constexpr long kProgramWalkOverhead = fx::kSynapseProgramLatency + 3;

// Solves the 3 x 3 normal equations of y ~ b0 x0 + b1 x1 + b2 x2; returns (b0, b1, b2).
std::array<double, 3> least_squares(const std::vector<std::array<double, 3>>& x, const std::vector<double>& y) {
  std::array<std::array<double, 4>, 3> m{};  // [A^T A | A^T y]
  for (std::size_t k = 0; k < x.size(); ++k)
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) m[i][j] += x[k][i] * x[k][j];
      m[i][3] += x[k][i] * y[k];
    }
  for (int col = 0; col < 3; ++col) {
    int pivot = col;
    for (int i = col + 1; i < 3; ++i)
      if (std::fabs(m[i][col]) > std::fabs(m[pivot][col])) pivot = i;
    std::swap(m[col], m[pivot]);
    if (std::fabs(m[col][col]) < 1e-9) throw std::invalid_argument("the shapes do not determine every slope");
    for (int i = 0; i < 3; ++i) {
      if (i == col) continue;
      const double f = m[i][col] / m[col][col];
      for (int j = col; j < 4; ++j) m[i][j] -= f * m[col][j];
    }
  }
  return {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
}

// Fits each resource of the runs of `kind` and `family` to the regressors of a run; returns the
// coefficients of LUT, FF, DSP and block RAM.
template <typename Regressors>
std::array<std::array<double, 3>, 4> fit_runs(const SynthResults& results, const std::string& kind,
                                              const std::string& family, Regressors regressors) {
  std::vector<std::array<double, 3>> x;
  std::array<std::vector<double>, 4> y;
  for (const auto& run : results.runs) {
    if (run.kind != kind || run.family != family) continue;
    x.push_back(regressors(run));
    y[0].push_back(run.resources.luts);
    y[1].push_back(run.resources.ffs);
    y[2].push_back(run.resources.dsps);
    y[3].push_back(run.resources.bram36);
  }
  if (x.size() < 3)
    throw InputError("", 0, "runs", fmt::format("{} {} runs for family {}; the scaling model needs at least 3 shapes",
                                                x.size(), kind, family));
  try {
    return {least_squares(x, y[0]), least_squares(x, y[1]), least_squares(x, y[2]), least_squares(x, y[3])};
  } catch (const std::invalid_argument& e) {
    throw InputError("", 0, "runs", fmt::format("{} runs of family {}: {}", kind, family, e.what()));
  }
}

}  // namespace

ShellModel fit_shell_model(const SynthResults& results, const std::string& family, const std::string& kind) {
  const auto c = fit_runs(results, kind, family,
                          [](const SynthRun& run) { return std::array<double, 3>{1.0, double(run.rows), double(run.columns)}; });
  const auto model = [](const std::array<double, 3>& k) { return LinearModel{k[0], k[1], k[2]}; };
  return {model(c[0]), model(c[1]), model(c[2]), model(c[3])};
}

Resources ArrayShellModel::at(int tiles, int columns) const {
  return {luts.at(tiles, columns), ffs.at(tiles, columns), dsps.at(tiles, columns), bram36.at(tiles, columns)};
}

Resources ArrayShellModel::per_tile(int columns) const {
  const auto one = [columns](const ArrayModel& m) { return m.per_tile + m.per_neuron * columns; };
  return {one(luts), one(ffs), one(dsps), one(bram36)};
}

Resources ArrayShellModel::fixed() const { return {luts.base, ffs.base, dsps.base, bram36.base}; }

ArrayShellModel fit_array_shell_model(const SynthResults& results, const std::string& family) {
  const auto c = fit_runs(results, "array_shell", family, [](const SynthRun& run) {
    return std::array<double, 3>{1.0, double(run.tiles), double(run.tiles) * run.columns};
  });
  const auto model = [](const std::array<double, 3>& k) { return ArrayModel{k[0], k[1], k[2]}; };
  return {model(c[0]), model(c[1]), model(c[2]), model(c[3])};
}

Resources engine_resources(const SynthResults& results, const std::string& family) {
  for (const auto& run : results.runs)
    if (run.kind == "engine" && run.family == family) return run.resources;
  throw InputError("", 0, "runs", fmt::format("no engine run for family {}", family));
}

int synapse_latency(TileOptions options) {
  return fx::kTileSynapseLatency + (options.row_levels > 1 ? fx::kLevelSumLatency : 0);
}

long neuron_phase_cycles(int tiles, int columns, int tiles_per_engine, TileOptions options) {
  return long{std::min(tiles, tiles_per_engine)} * columns + synapse_latency(options) + fx::kEngineLatency;
}

long cycles_per_step(int tiles, int rows, int columns, int tiles_per_engine, TileOptions options) {
  const long neurons = neuron_phase_cycles(tiles, columns, tiles_per_engine, options);
  const long walk = program_walk_cycles(options.plastic_rows, columns);
  return (rows + std::max(neurons, walk) + 3) + tiles + 6;
}

std::string shell_kind(TileOptions options) {
  return options.plastic_rows > 0 || options.row_levels > 1 ? "plastic_shell" : "tile_shell";
}

long program_walk_cycles(int plastic_rows, int columns) {
  return plastic_rows > 0 ? long{plastic_rows} * columns + kProgramWalkOverhead : 0;
}

long tiles_within_cycles(long cycles, int rows, int columns, int tiles_per_engine, TileOptions options) {
  // Full groups: each further tile adds a cycle of gathering; fewer tiles than a group: each
  // adds its columns too (while the neurons outlast the walk).
  const long full = cycles - cycles_per_step(tiles_per_engine, rows, columns, tiles_per_engine, options);
  if (full >= 0) return tiles_per_engine + full;
  int tiles = 0;
  while (tiles < tiles_per_engine && cycles_per_step(tiles + 1, rows, columns, tiles_per_engine, options) <= cycles) ++tiles;
  return tiles;
}

const ClockModel& clock_model(const std::string& family) {
  // UltraScale+ (-2): a LUT is about 0.1 ns, its route to a neighbouring slice 0.2-0.35 ns.
  static const ClockModel xcup{0.35, 0.30, 0.45, 500};
  // 7 series (-2): slower cells and routes.
  static const ClockModel xc7{0.60, 0.50, 0.75, 400};
  if (family == "xcup") return xcup;
  if (family == "xc7") return xc7;
  throw std::invalid_argument("no clock model for family " + family);
}

ClockBand derive_clock(const SynthResults& results, const std::string& family, bool tiles_only, bool plastic) {
  ClockBand band;
  band.levels = -1;
  for (const auto& run : results.runs) {
    if (run.family != family || run.depth.levels < 0 || run.depth.levels <= band.levels) continue;
    if ((tiles_only && run.kind == "array_shell") || (!plastic && run.kind == "plastic_shell")) continue;
    band.levels = run.depth.levels;
    band.path = run.depth.path;
    band.sta_ns = run.depth.sta_ns;
    band.where = run_name(run);
  }
  if (band.levels < 0)
    throw InputError("", 0, "runs", fmt::format("no {} run recorded its path depth: run `make synth`", family));
  const ClockModel& m = clock_model(family);
  const auto mhz = [&](double per_level) { return std::min(m.cap_mhz, 1e3 / (m.overhead_ns + band.levels * per_level)); };
  band.low_mhz = mhz(m.level_slow_ns);
  band.high_mhz = mhz(m.level_fast_ns);
  return band;
}

PartFit fit_on_part(const Resources& per_tile, const Part& part, const Resources& fixed) {
  const std::pair<const char*, std::pair<double, double>> uses[] = {
      {"LUT", {per_tile.luts, part.luts - fixed.luts}}, {"FF", {per_tile.ffs, part.ffs - fixed.ffs}},
      {"DSP", {per_tile.dsps, part.dsps - fixed.dsps}}, {"BRAM", {per_tile.bram36, part.bram36 - fixed.bram36}}};
  PartFit fit{std::numeric_limits<long>::max(), "", 0, 0};
  for (const auto& [name, use] : uses) {
    if (use.first <= 0) continue;
    const long n = std::max(0L, static_cast<long>(std::floor(use.second / use.first)));
    if (n < fit.tiles) fit = {n, name, use.first, use.second};
  }
  if (fit.limit.empty()) throw std::invalid_argument("a tile that uses no resources");
  return fit;
}

PartFit fit_tiles(const SynthResults& results, const Part& part, int rows, int columns, int tiles_per_engine,
                  TileOptions options) {
  const ArrayShellModel shell = fit_array_shell_model(results, part.family);
  const Resources tile = engine_resources(results, part.family) * (1.0 / tiles_per_engine) +
                         fit_shell_model(results, part.family, shell_kind(options)).at(rows, columns);
  return fit_on_part(tile + shell.per_tile(columns), part, shell.fixed());
}

}  // namespace ionarray::estimate
