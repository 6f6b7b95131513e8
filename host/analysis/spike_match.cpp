#include "analysis/spike_match.hpp"

#include <algorithm>
#include <tuple>

namespace ionarray {

SpikeAgreement compare_spikes(const std::vector<std::vector<long>>& reference,
                              const std::vector<std::vector<long>>& other, long tolerance, std::size_t limit) {
  SpikeAgreement a;
  std::vector<std::tuple<long, std::size_t, bool>> outcomes;  // (step, device, matched)
  for (std::size_t d = 0; d < reference.size(); ++d) {
    const auto& ref = reference[d];
    const auto& oth = d < other.size() ? other[d] : std::vector<long>{};
    a.reference_total += ref.size();
    a.other_spikes += oth.size();
    std::size_t next = 0;  // earliest unpaired spike of `other`
    for (long r : ref) {
      while (next < oth.size() && oth[next] < r - tolerance) ++next;
      const bool hit = next < oth.size() && oth[next] <= r + tolerance;
      if (hit) ++next;
      outcomes.emplace_back(r, d, hit);
    }
  }
  std::sort(outcomes.begin(), outcomes.end());
  a.reference_spikes = std::min(limit, outcomes.size());
  for (std::size_t k = 0; k < a.reference_spikes; ++k) a.matched += std::get<2>(outcomes[k]);
  return a;
}

}  // namespace ionarray
