#include "estimate/estimate.hpp"

#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray::estimate {

Resources ShellModel::at(int rows, int columns) const {
  return {luts.at(rows, columns), ffs.at(rows, columns), dsps.at(rows, columns), bram36.at(rows, columns)};
}

namespace {

// Solves the 3 x 3 normal equations of y ~ base + per_row r + per_column c.
LinearModel least_squares(const std::vector<std::array<double, 3>>& x, const std::vector<double>& y) {
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
    if (std::fabs(m[col][col]) < 1e-9) throw std::invalid_argument("the tile shapes do not determine a row and a column slope");
    for (int i = 0; i < 3; ++i) {
      if (i == col) continue;
      const double f = m[i][col] / m[col][col];
      for (int j = col; j < 4; ++j) m[i][j] -= f * m[col][j];
    }
  }
  return {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
}

}  // namespace

ShellModel fit_shell_model(const SynthResults& results, const std::string& family) {
  std::vector<std::array<double, 3>> x;
  std::vector<double> luts, ffs, dsps, bram;
  for (const auto& run : results.runs) {
    if (run.kind != "tile_shell" || run.family != family) continue;
    x.push_back({1.0, double(run.rows), double(run.columns)});
    luts.push_back(run.resources.luts);
    ffs.push_back(run.resources.ffs);
    dsps.push_back(run.resources.dsps);
    bram.push_back(run.resources.bram36);
  }
  if (x.size() < 3)
    throw InputError("", 0, "runs", fmt::format("{} tile-shell runs for family {}; the scaling model needs at least 3 shapes",
                                                x.size(), family));
  try {
    return {least_squares(x, luts), least_squares(x, ffs), least_squares(x, dsps), least_squares(x, bram)};
  } catch (const std::invalid_argument& e) {
    throw InputError("", 0, "runs", fmt::format("family {}: {}", family, e.what()));
  }
}

Resources engine_resources(const SynthResults& results, const std::string& family) {
  for (const auto& run : results.runs)
    if (run.kind == "engine" && run.family == family) return run.resources;
  throw InputError("", 0, "runs", fmt::format("no engine run for family {}", family));
}

long cycles_per_step(int tiles, int rows, int columns) {
  return (rows + columns + 5) + tiles + 6;
}

PartFit fit_on_part(const Resources& per_tile, const Part& part) {
  const std::pair<const char*, std::pair<double, double>> uses[] = {
      {"LUT", {per_tile.luts, part.luts}}, {"FF", {per_tile.ffs, part.ffs}},
      {"DSP", {per_tile.dsps, part.dsps}}, {"BRAM", {per_tile.bram36, part.bram36}}};
  PartFit fit{std::numeric_limits<long>::max(), "", 0, 0};
  for (const auto& [name, use] : uses) {
    if (use.first <= 0) continue;
    const long n = static_cast<long>(std::floor(use.second / use.first));
    if (n < fit.tiles) fit = {n, name, use.first, use.second};
  }
  if (fit.limit.empty()) throw std::invalid_argument("a tile that uses no resources");
  return fit;
}

}  // namespace ionarray::estimate
