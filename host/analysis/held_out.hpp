#pragma once
// Held-out validation of a fit: the measured cycles or trials split into two halves, one the fit
// sees and one it never does, on which the distances are reported.
#include <cstddef>
#include <string>
#include <vector>

#include "data/measured.hpp"

namespace ionarray {

// Each half needs this many occurrences of every statistic (Vth and Vhold of sweeps, delay and
// relaxation of pulse trials) for a distance between distributions to mean anything.
inline constexpr std::size_t kMinEventsPerHalf = 5;

template <typename Cycle>
struct Halves {
  std::vector<Cycle> fit, held_out;
};

// Sweeps alternate polarity cycle by cycle, so they are dealt out in consecutive pairs (cycles
// 0-1 to the fit, 2-3 held out, 4-5 to the fit, ...): both halves hold both polarities and span
// the whole measurement. Throws InputError naming `file` when a half would hold fewer than
// kMinEventsPerHalf thresholds of either kind, with the counts found and needed.
Halves<SweepCycle> split_sweeps(const std::vector<SweepCycle>& cycles, const std::string& file);

// Trials are independent: even trials to the fit, odd ones held out. Throws InputError as above
// for delays and relaxations.
Halves<PulseTrial> split_trials(const std::vector<PulseTrial>& trials, const std::string& file);

}  // namespace ionarray
