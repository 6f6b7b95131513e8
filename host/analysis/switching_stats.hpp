#pragma once
// Threshold, hold, delay and relaxation statistics, extracted by the method the measured data's
// README describes, so measured and simulated devices are judged alike.
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/measured.hpp"

namespace ionarray {

struct Stats {
  std::size_t n = 0;
  double mean = 0, sd = 0;  // sd with divisor n (as numpy's default)
  double median = 0, q25 = 0, q75 = 0, min = 0, max = 0;
};
Stats describe(std::vector<double> values);

inline constexpr double kVthCurrent = 10e-9;     // |I| rising above this on a rising |V| segment
inline constexpr double kVholdCurrent = 10e-12;  // |I| falling below this on a falling |V| segment
inline constexpr double kDelayCurrent = 1e-6;    // pulse: switched ON
inline constexpr double kRelaxCurrent = 10e-9;   // pulse: relaxed OFF

struct CycleThresholds {
  std::optional<double> vth, vhold;  // |V| at the events, when they happened
};
CycleThresholds extract_thresholds(const SweepCycle& cycle);

struct SweepStats {
  Stats vth, vhold;
};
SweepStats sweep_stats(const std::vector<SweepCycle>& cycles);

struct PulseTimes {
  std::optional<double> delay, relax;  // s from pulse start / pulse end
};
// The write pulse is where |V| exceeds half of the trial's largest |V|.
PulseTimes extract_pulse_times(const PulseTrial& trial);

struct PulseStats {
  Stats delay, relax;
  std::size_t trials = 0;
};
PulseStats pulse_stats(const std::vector<PulseTrial>& trials);

// One value per cycle or trial, kNever (distribution_distance.hpp) where the event did not
// happen: the samples the distribution distances compare. Sweeps leave out, per statistic, the
// cycles of a polarity in which no cycle shows it (an asymmetric device's reverse sweeps).
struct SweepSamples {
  std::vector<double> vth, vhold;
};
SweepSamples sweep_samples(const std::vector<SweepCycle>& cycles);
struct PulseSamples {
  std::vector<double> delay, relax;
};
PulseSamples pulse_samples(const std::vector<PulseTrial>& trials);

nlohmann::json to_json(const SweepStats& s);
nlohmann::json to_json(const PulseStats& s);

}  // namespace ionarray
