#pragma once
// Distances between the measured and the simulated distribution of one switching statistic.
// A sample holds one value per cycle or trial; a cycle where the event never happened (no
// switching, no relaxation inside the window) holds +infinity, so a simulation that misses
// events is as far from the data as the share it misses.
#include <vector>

#include <nlohmann/json.hpp>

namespace ionarray {

inline constexpr double kNever = __builtin_huge_val();  // the event did not happen in this cycle

// Two-sample Kolmogorov-Smirnov distance: the largest gap between the two empirical cumulative
// distributions, over the extended real line (never-happened values sit at +infinity). 0 .. 1;
// 1 when either sample is empty.
double ks_distance(const std::vector<double>& a, const std::vector<double>& b);

// How a statistic's values are compared in the quantile distance: voltages on a linear scale,
// times on a log scale (they span decades).
enum class Scale { linear, log };

// Mean absolute gap between the two samples' quantiles at 5, 15, ..., 95 %, in units of the
// reference sample `measured`'s 10-90 % range (on `scale`), each gap at most 2; a quantile that is
// +infinity in one sample only counts 2. Smooth where the KS distance is piecewise constant, so
// the fit uses it as a guide beside KS.
double quantile_distance(const std::vector<double>& measured, const std::vector<double>& simulated, Scale scale);

// Quantile q (0 .. 1) of a sample, interpolated linearly between order statistics (numpy's
// default); kNever where it falls among never-happened values. The sample must not be empty.
double quantile_of(std::vector<double> sample, double q);

// The KS distance of two samples with their counts of cycles and events, as summary.json files
// and the Python module report a comparison.
nlohmann::json distance_summary(const std::vector<double>& measured, const std::vector<double>& simulated);

// Values that happened (finite), in the order given.
std::vector<double> occurred(const std::vector<double>& sample);

}  // namespace ionarray
