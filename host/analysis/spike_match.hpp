#pragma once
// Spike-train agreement between two backends: share of reference spikes that the other backend
// reproduces within a tolerance, and the firing-rate error.
#include <cstddef>
#include <vector>

namespace ionarray {

struct SpikeAgreement {
  std::size_t reference_spikes = 0;  // considered (the first `limit` in time order)
  std::size_t matched = 0;           // of those, with a partner within the tolerance
  std::size_t other_spikes = 0;      // all spikes of the other backend
  std::size_t reference_total = 0;   // all spikes of the reference
  double matched_share() const { return reference_spikes ? double(matched) / double(reference_spikes) : 1.0; }
  double rate_error() const {
    return reference_total ? (double(other_spikes) - double(reference_total)) / double(reference_total) : 0.0;
  }
};

// Per device, each reference spike is paired with the earliest unpaired spike of `other` within
// +-tolerance steps; only the first `limit` reference spikes (by step, over all devices) count.
SpikeAgreement compare_spikes(const std::vector<std::vector<long>>& reference,
                              const std::vector<std::vector<long>>& other, long tolerance, std::size_t limit);

}  // namespace ionarray
