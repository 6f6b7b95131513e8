#pragma once
// Fixed-point against reference: the same devices, drives and noise streams on both backends,
// compared spike by spike (deterministic scenarios) and by firing rate (stochastic ones).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/spike_match.hpp"
#include "experiments/stop_request.hpp"

namespace ionarray {

struct AccuracyScenario {
  std::string name;
  std::string set;
  bool c2c = false;      // cycle-to-cycle noise (stochastic scenario) or not (deterministic)
  double d2d = 0;        // device-to-device spread, so deterministic devices differ
  int devices = 1;
  long steps = 0;
  bool array = false;  // the 4-tile chain of chain_demo_spec() instead of independent neurons
};

inline constexpr long kMatchTolerance = 2;       // steps
inline constexpr std::size_t kMatchLimit = 1000;  // first reference spikes compared

std::vector<AccuracyScenario> default_accuracy_scenarios();

struct AccuracyResult {
  AccuracyScenario scenario;
  SpikeAgreement agreement;
  double reference_rate_hz = 0, fixed_rate_hz = 0;
  double all_spikes_matched = 0;  // share over every reference spike, not only the first 1000
  std::uint64_t saturations = 0;
  bool stopped = false;  // `stop` ended the runs early: the figures are of part of the scenario only
  bool meets_target() const;  // >= 99 % matched (deterministic) or |rate error| <= 1 % (stochastic)
};

// `stop` is asked every 256 steps of the independent-neuron scenarios (the array scenarios run whole).
AccuracyResult run_accuracy(const AccuracyScenario& scenario, std::uint64_t seed, const StopRequest& stop = {});
nlohmann::json to_json(const AccuracyResult& r);

// Device statistics (Vth mean and sd, Vhold; pulse delay and relaxation medians) of the shipped
// fitted sets on both backends: {"name", "reference": {...}, "fixed": {...}} per set.
nlohmann::json device_statistics_accuracy(std::uint64_t seed);

}  // namespace ionarray
