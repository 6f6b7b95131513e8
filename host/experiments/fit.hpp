#pragma once
// Calibration of a parameter subset to the measured distributions of the switching statistics
// (Vth and Vhold of DC sweeps, delay and relaxation of pulse trials), validated on held-out data.
// The fit sees one half of the measured cycles or trials (analysis/held_out.hpp) and minimises,
// summed over the statistics, the two-sample Kolmogorov-Smirnov distance plus a quantile distance
// (analysis/distribution_distance.hpp) between the measured half and a simulation with the noise
// seed held fixed (common random numbers, so the objective is deterministic). The KS distances
// are then reported before and after, on both halves, the held-out half against a simulation on
// a seed the fit never saw.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/held_out.hpp"
#include "analysis/switching_stats.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/pulse_test.hpp"
#include "experiments/stop_request.hpp"

namespace ionarray {

struct FitOptions {
  std::vector<std::string> fields;  // "device.mu", ...; must be non-negative fields of the set
  int samples = 100;                // sweep cycles or pulse trials per evaluation
  std::uint64_t seed = 1;           // the fit's noise seed; validation runs on seed + 1
  int max_evaluations = 300;
  StopRequest stop;  // asked before each evaluation: the fit ends there with the best set so far
};

// KS distance targets on held-out data.
inline constexpr double kVthTarget = 0.2;
inline constexpr double kPulseTimeTarget = 0.3;

// One statistic's KS distance between measured and simulated, before (the starting set) and
// after (the fitted set) the fit, on the half the fit saw and on the held-out half.
struct StatisticDistance {
  std::string name;      // vth, vhold, delay, relax
  double target = NAN;   // KS target on held-out data; NaN: reported, no target
  double fit_before = 0, fit_after = 0, held_before = 0, held_after = 0;
  std::size_t measured_fit_events = 0, measured_fit_cycles = 0;    // events (finite values) / cycles
  std::size_t measured_held_events = 0, measured_held_cycles = 0;
  std::size_t simulated_events = 0, simulated_cycles = 0;  // the fitted set on the validation seed
  bool has_target() const { return !std::isnan(target); }
  // Within the target, and (for a statistic every measured cycle shows) no simulated cycle missing it.
  bool meets_target() const;
};

struct FitResult {
  reference::ParameterSet set;
  nlohmann::json measured, simulated;  // statistics of the held-out half and of the fitted set (validation seed)
  std::vector<StatisticDistance> distances;
  double objective_before = 0;  // the objective at the starting set
  double objective = 0;         // sum over statistics of weight * (KS + quantile distance), fit half
  int evaluations = 0;
  std::uint64_t validation_seed = 0;
  bool stopped = false;  // options.stop ended the fit: `set` is the best evaluated, not converged
};

// Vth (weight 1, target kVthTarget) and Vhold (weight 0.5, no target).
FitResult fit_dc(const reference::ParameterSet& start, const Halves<SweepCycle>& measured, const FitOptions& options);
// Delay and relaxation (weight 1 each, target kPulseTimeTarget), on a log scale.
FitResult fit_pulse(const reference::ParameterSet& start, const Halves<PulseTrial>& measured, const FitOptions& options);

// Defaults: what moves the statistics of the published model, its noise terms among them.
std::vector<std::string> default_fit_fields(bool pulse);

nlohmann::json to_json(const StatisticDistance& d);

}  // namespace ionarray
