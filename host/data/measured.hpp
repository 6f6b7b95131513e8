#pragma once
// Device measurements in the CSV layouts of shared/data/yang-diffusive-memristor, and the same
// shapes produced by simulated experiments, so one analysis serves both.
#include <string>
#include <vector>

namespace ionarray {

// One triangular sweep: samples of source voltage and measured current.
struct SweepCycle {
  std::vector<double> v, i;
};

// One write-then-read pulse trial sampled at times t.
struct PulseTrial {
  std::vector<double> t, v, i;
};

enum class DataKind { dc_sweep, pulse };

// Tells the layouts apart by header: "cycle,sample,voltage_V,current_A" (sweeps) or
// "trial,time_s,voltage_V,current_A" (pulses); anything else is an InputError.
DataKind detect_data_kind(const std::string& path);
std::vector<SweepCycle> load_dc_sweeps(const std::string& path);
std::vector<PulseTrial> load_pulse_trials(const std::string& path);

}  // namespace ionarray
