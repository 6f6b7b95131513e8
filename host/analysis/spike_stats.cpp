#include "analysis/spike_stats.hpp"

#include <cmath>

namespace ionarray {

SpikeStats spike_stats(const std::vector<std::vector<long>>& spike_steps, double dt, long steps) {
  SpikeStats s;
  const double duration = dt * static_cast<double>(steps);
  double isi_sum = 0, isi_sq = 0;
  std::size_t isi_n = 0;
  for (const auto& device : spike_steps) {
    s.spikes += device.size();
    s.rate_hz_per_device.push_back(static_cast<double>(device.size()) / duration);
    for (std::size_t k = 1; k < device.size(); ++k) {
      const double isi = dt * static_cast<double>(device[k] - device[k - 1]);
      isi_sum += isi;
      isi_sq += isi * isi;
      ++isi_n;
    }
  }
  if (!spike_steps.empty()) s.rate_hz = static_cast<double>(s.spikes) / duration / static_cast<double>(spike_steps.size());
  if (isi_n > 0) {
    s.isi_mean_s = isi_sum / static_cast<double>(isi_n);
    const double var = isi_sq / static_cast<double>(isi_n) - s.isi_mean_s * s.isi_mean_s;
    s.isi_cv = std::sqrt(std::max(var, 0.0)) / s.isi_mean_s;
  }
  return s;
}

nlohmann::json to_json(const SpikeStats& s) {
  return {{"spikes", s.spikes},
          {"rate_hz", s.rate_hz},
          {"rate_hz_per_device", s.rate_hz_per_device},
          {"isi_mean_s", s.isi_mean_s},
          {"isi_cv", s.isi_cv}};
}

}  // namespace ionarray
