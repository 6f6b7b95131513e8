#pragma once
// Firing statistics of neurons from their spike steps.
#include <vector>

#include <nlohmann/json.hpp>

namespace ionarray {

struct SpikeStats {
  std::size_t spikes = 0;
  std::vector<double> rate_hz_per_device;
  double rate_hz = 0;     // mean over devices
  double isi_mean_s = 0;  // pooled over devices; 0 when no device spiked twice
  double isi_cv = 0;      // sd / mean of the pooled intervals
};

SpikeStats spike_stats(const std::vector<std::vector<long>>& spike_steps, double dt, long steps);
nlohmann::json to_json(const SpikeStats& s);

}  // namespace ionarray
