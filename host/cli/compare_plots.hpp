#pragma once
// Measured against simulated distributions of the switching statistics, written by
// `device dc-sweep --compare` and `device pulse --compare`: per statistic a histogram of both and
// a quantile-quantile plot, with the Kolmogorov-Smirnov distance in each panel's title.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/distribution_distance.hpp"
#include "io/output_dir.hpp"

namespace ionarray::cli {

struct ComparedStatistic {
  std::string name;   // file stem: vth, vhold, delay, relax
  std::string label;  // axis label, e.g. "Vth (V)"
  Scale scale;        // log: histogram in log bins, log axes
  double unit = 1;    // plotted value = value * unit (e.g. 1e3 for ms)
  std::vector<double> measured, simulated;  // one per cycle, kNever where it did not happen
};

// Writes NAME_measured.csv, NAME_simulated.csv, NAME_hist.csv and NAME_qq.csv per statistic and compare.png
// (drawn by gnuplot; compare.gp beside it). Returns, per statistic, the KS distance and the
// counts of cycles and events, for summary.json.
nlohmann::json write_comparison(const OutputDir& dir, const std::string& title,
                                const std::vector<ComparedStatistic>& stats);

}  // namespace ionarray::cli
