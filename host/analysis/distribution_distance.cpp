#include "analysis/distribution_distance.hpp"

#include <algorithm>
#include <cmath>

namespace ionarray {
namespace {

std::vector<double> sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Quantile q of a sorted sample by linear interpolation between order statistics (numpy's
// default); +infinity when it falls among the never-happened values.
double quantile(const std::vector<double>& s, double q) {
  const double pos = q * static_cast<double>(s.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, s.size() - 1);
  if (std::isinf(s[hi])) return pos == static_cast<double>(lo) && !std::isinf(s[lo]) ? s[lo] : kNever;
  return s[lo] + (s[hi] - s[lo]) * (pos - static_cast<double>(lo));
}

double scaled(double v, Scale scale) { return scale == Scale::log ? std::log(std::max(v, 1e-300)) : v; }

}  // namespace

double ks_distance(const std::vector<double>& a_in, const std::vector<double>& b_in) {
  if (a_in.empty() || b_in.empty()) return 1;
  const auto a = sorted(a_in), b = sorted(b_in);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double gap = 0;
  // Walk the finite values of both in order; after all copies of a value are passed, compare.
  // Values within a relative 1e-9 are one value: measured voltages are read from a file as
  // printed, simulated ones computed on the same grid, and the two may differ in the last bit.
  while ((i < a.size() && !std::isinf(a[i])) || (j < b.size() && !std::isinf(b[j]))) {
    const double next_a = i < a.size() ? a[i] : kNever, next_b = j < b.size() ? b[j] : kNever;
    const double x = std::min(next_a, next_b);
    const double upto = x + 1e-9 * std::abs(x);
    while (i < a.size() && a[i] <= upto) ++i;
    while (j < b.size() && b[j] <= upto) ++j;
    gap = std::max(gap, std::abs(static_cast<double>(i) / na - static_cast<double>(j) / nb));
  }
  return gap;
}

double quantile_distance(const std::vector<double>& measured_in, const std::vector<double>& simulated_in, Scale scale) {
  if (measured_in.empty() || simulated_in.empty()) return 2;
  const auto m = sorted(measured_in), s = sorted(simulated_in);
  constexpr double kMaxGap = 2;
  double range = 0;
  const double q10 = quantile(m, 0.1), q90 = quantile(m, 0.9);
  if (!std::isinf(q90)) range = scaled(q90, scale) - scaled(q10, scale);
  // A measured sample without spread still needs a unit: 1 % of its level (or of 1 on a log scale).
  if (!(range > 0)) range = scale == Scale::log ? 0.01 : 0.01 * std::max(std::abs(q10), 1e-12);
  double sum = 0;
  int count = 0;
  for (double q = 0.05; q < 1; q += 0.1, ++count) {
    const double qm = quantile(m, q), qs = quantile(s, q);
    if (std::isinf(qm) || std::isinf(qs)) {
      sum += std::isinf(qm) && std::isinf(qs) ? 0 : kMaxGap;
      continue;
    }
    sum += std::min(kMaxGap, std::abs(scaled(qs, scale) - scaled(qm, scale)) / range);
  }
  return sum / count;
}

double quantile_of(std::vector<double> sample, double q) { return quantile(sorted(std::move(sample)), q); }

nlohmann::json distance_summary(const std::vector<double>& measured, const std::vector<double>& simulated) {
  return {{"ks_distance", ks_distance(measured, simulated)},
          {"measured_cycles", measured.size()},
          {"measured_events", occurred(measured).size()},
          {"simulated_cycles", simulated.size()},
          {"simulated_events", occurred(simulated).size()}};
}

std::vector<double> occurred(const std::vector<double>& sample) {
  std::vector<double> out;
  for (double v : sample)
    if (!std::isinf(v)) out.push_back(v);
  return out;
}

}  // namespace ionarray
