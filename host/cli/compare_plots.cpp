#include "cli/compare_plots.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/gnuplot.hpp"

namespace ionarray::cli {
namespace {

void write_values(const OutputDir& dir, const std::string& name, const std::vector<double>& values) {
  CsvWriter csv(dir.file(name), {"value"});
  for (double v : values) csv.row({v});
}

// Quantiles of the values that happened in both samples, at the measured sample's plotting
// positions (k + 0.5) / n, n at most 100.
void write_qq(const OutputDir& dir, const ComparedStatistic& s) {
  CsvWriter csv(dir.file(s.name + "_qq.csv"), {"probability", "measured", "simulated"});
  const auto m = occurred(s.measured), sim = occurred(s.simulated);
  if (m.empty() || sim.empty()) return;
  const std::size_t n = std::min<std::size_t>(m.size(), 100);
  for (std::size_t k = 0; k < n; ++k) {
    const double p = (static_cast<double>(k) + 0.5) / static_cast<double>(n);
    csv.row({p, quantile_of(m, p), quantile_of(sim, p)});
  }
}

// Histogram of both samples over 20 bins spanning both (log-spaced for a log scale), as the
// fraction of all cycles (those without the event included) in each: NAME_hist.csv.
void write_histogram(const OutputDir& dir, const ComparedStatistic& s, double lo, double hi, bool log) {
  constexpr int kBins = 20;
  CsvWriter csv(dir.file(s.name + "_hist.csv"), {"left", "right", "measured_fraction", "simulated_fraction"});
  const auto edge = [&](int k) {
    const double t = static_cast<double>(k) / kBins;
    return log ? lo * std::pow(hi / lo, t) : lo + (hi - lo) * t;
  };
  const auto fraction = [&](const std::vector<double>& sample, double left, double right, bool last) {
    double n = 0;
    for (double v : sample) n += v * s.unit >= left && (v * s.unit < right || (last && v * s.unit <= right)) ? 1 : 0;
    return sample.empty() ? 0.0 : n / static_cast<double>(sample.size());
  };
  for (int k = 0; k < kBins; ++k)
    csv.row({edge(k), edge(k + 1), fraction(s.measured, edge(k), edge(k + 1), k == kBins - 1),
             fraction(s.simulated, edge(k), edge(k + 1), k == kBins - 1)});
}

std::string panels(const OutputDir& dir, const ComparedStatistic& s, double ks) {
  const auto m = occurred(s.measured), sim = occurred(s.simulated);
  std::vector<double> all = m;
  all.insert(all.end(), sim.begin(), sim.end());
  if (all.empty()) return "set multiplot next; set multiplot next\n";
  // A log scale starts at the smallest positive value (a delay of 0, switched at once, is left
  // off the log axes; the KS distance counts it).
  double lo = HUGE_VAL, hi = -HUGE_VAL, lo_positive = HUGE_VAL;
  for (double v : all) {
    lo = std::min(lo, v * s.unit), hi = std::max(hi, v * s.unit);
    if (v > 0) lo_positive = std::min(lo_positive, v * s.unit);
  }
  const bool log = s.scale == Scale::log && hi > 0;
  if (log) lo = lo_positive;
  if (!(hi > lo)) hi = lo + (log ? lo : std::max(std::abs(lo) * 0.01, 1e-9));
  write_histogram(dir, s, lo, hi, log);
  const auto missing = [](const std::vector<double>& all_cycles, std::size_t events) {
    return all_cycles.size() - events;
  };
  const std::string title = fmt::format("{}: KS {:.3f}\\ncycles without the event: measured {} of {}, simulated {} of {}", s.label, ks,
                                        missing(s.measured, m.size()), s.measured.size(),
                                        missing(s.simulated, sim.size()), s.simulated.size());
  const double pad_lo = log ? lo / 1.2 : lo - 0.05 * (hi - lo), pad_hi = log ? hi * 1.2 : hi + 0.05 * (hi - lo);
  // Boxes drawn edge to edge (boxxyerror), so log bins keep their true widths.
  return fmt::format(R"(set title "{title}" noenhanced
{logx}set xlabel "{label}" noenhanced; set ylabel 'fraction of cycles'; set xrange [{lo:.6g}:{hi:.6g}]; set yrange [0:*]
set style fill transparent solid 0.45 noborder; set key top right
plot '{name}_hist.csv' skip 1 using (($1+$2)/2):($4/2):1:2:(0):4 with boxxyerror lc rgb '#1f77b4' title 'simulated', \
     '' skip 1 using (($1+$2)/2):($3/2):1:2:(0):3 with boxxyerror lc rgb '#d62728' title 'measured'
unset logscale; set title "{label}: quantile-quantile" noenhanced
{logxy}set xlabel "measured {label}" noenhanced; set ylabel "simulated {label}" noenhanced; set key top left
set xrange [{lo:.6g}:{hi:.6g}]; set yrange [{lo:.6g}:{hi:.6g}]
plot '{name}_qq.csv' skip 1 using ($2*{unit}):($3*{unit}) with points pt 7 ps 0.6 lc rgb '#1f77b4' title 'quantiles', \
     x with lines lc rgb 'gray' title 'equal'
unset logscale
)",
                     fmt::arg("title", title), fmt::arg("logx", log ? "set logscale x; " : ""),
                     fmt::arg("logxy", log ? "set logscale xy; " : ""), fmt::arg("label", s.label),
                     fmt::arg("name", s.name), fmt::arg("unit", s.unit), fmt::arg("lo", pad_lo), fmt::arg("hi", pad_hi));
}

}  // namespace

nlohmann::json write_comparison(const OutputDir& dir, const std::string& title, const std::vector<ComparedStatistic>& stats) {
  nlohmann::json out = nlohmann::json::object();
  std::string body = fmt::format("set multiplot layout 2,{} columnsfirst title \"{}\" noenhanced\n", stats.size(), title);
  for (const auto& s : stats) {
    write_values(dir, s.name + "_measured.csv", occurred(s.measured));
    write_values(dir, s.name + "_simulated.csv", occurred(s.simulated));
    write_qq(dir, s);
    const double ks = ks_distance(s.measured, s.simulated);
    out[s.name] = distance_summary(s.measured, s.simulated);
    body += panels(dir, s, ks);
  }
  body += "unset multiplot";
  render_plot(dir, "compare", body, 550 * static_cast<int>(stats.size()), 900);
  return out;
}

}  // namespace ionarray::cli
