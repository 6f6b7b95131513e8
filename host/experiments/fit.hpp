#pragma once
// Calibration of a parameter subset to measured statistics: Nelder-Mead in log-parameter space
// with the noise seed held fixed (common random numbers), so the objective is deterministic.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/switching_stats.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/pulse_test.hpp"
#include "experiments/stop_request.hpp"

namespace ionarray {

struct FitOptions {
  std::vector<std::string> fields;  // "device.mu", ...; must be numeric fields of the set
  int samples = 100;                // sweep cycles or pulse trials per evaluation
  std::uint64_t seed = 1;
  int max_evaluations = 300;
  StopRequest stop;  // asked before each evaluation: the fit ends there with the best set so far
};

struct FitResult {
  reference::ParameterSet set;
  nlohmann::json measured, simulated;  // the statistics compared
  double objective = 0;                // weighted squared error in units of the targets' tolerance
  int evaluations = 0;
  bool stopped = false;  // options.stop ended the fit: `set` is the best evaluated, not converged
};

// Targets: Vth mean (tolerance 5 mV), Vth sd (15 %), Vhold mean and sd (weaker).
FitResult fit_dc(const reference::ParameterSet& start, const SweepStats& measured, const FitOptions& options);
// Targets: delay median (factor 1.25), relaxation median (factor 1.5, weaker).
FitResult fit_pulse(const reference::ParameterSet& start, const PulseStats& measured, const FitOptions& options);

std::vector<std::string> default_fit_fields(bool pulse);

}  // namespace ionarray
