#include "analysis/held_out.hpp"

#include <cmath>

#include <fmt/format.h>

#include "analysis/switching_stats.hpp"
#include "io/input_error.hpp"

namespace ionarray {
namespace {

std::size_t count_occurred(const std::vector<double>& sample) {
  std::size_t n = 0;
  for (double v : sample) n += std::isinf(v) ? 0 : 1;
  return n;
}

struct Statistic {
  const char* name;
  std::vector<double> fit, held_out;
};

// Refuses a split that leaves a statistic without enough events in either half.
void require_enough(const std::string& file, const char* unit, std::size_t total, const std::vector<Statistic>& stats) {
  const std::size_t needed = 2 * kMinEventsPerHalf;
  if (total < needed)
    throw InputError(file, 0, "", fmt::format("{} {}: a held-out split needs at least {} ({} per half)", total, unit,
                                              needed, kMinEventsPerHalf));
  for (const auto& s : stats) {
    const std::size_t in_fit = count_occurred(s.fit), in_held = count_occurred(s.held_out);
    if (in_fit + in_held == 0)
      throw InputError(file, 0, s.name, fmt::format("{} never occurs in the data (0 of {} {}); it cannot be fitted",
                                                    s.name, total, unit));
    if (in_fit < kMinEventsPerHalf || in_held < kMinEventsPerHalf)
      throw InputError(file, 0, s.name, fmt::format("{} occurs in {} of the fit half's {} {} and {} of the held-out "
                                                    "half's {}: a held-out split needs at least {} in each half",
                                                    s.name, in_fit, s.fit.size(), unit, in_held, s.held_out.size(),
                                                    kMinEventsPerHalf));
  }
}

}  // namespace

Halves<SweepCycle> split_sweeps(const std::vector<SweepCycle>& cycles, const std::string& file) {
  Halves<SweepCycle> out;
  for (std::size_t c = 0; c < cycles.size(); ++c) ((c / 2) % 2 == 0 ? out.fit : out.held_out).push_back(cycles[c]);
  const auto fit = sweep_samples(out.fit), held = sweep_samples(out.held_out);
  require_enough(file, "cycles", cycles.size(), {{"Vth", fit.vth, held.vth}, {"Vhold", fit.vhold, held.vhold}});
  return out;
}

Halves<PulseTrial> split_trials(const std::vector<PulseTrial>& trials, const std::string& file) {
  Halves<PulseTrial> out;
  for (std::size_t t = 0; t < trials.size(); ++t) (t % 2 == 0 ? out.fit : out.held_out).push_back(trials[t]);
  const auto fit = pulse_samples(out.fit), held = pulse_samples(out.held_out);
  require_enough(file, "trials", trials.size(),
                 {{"delay", fit.delay, held.delay}, {"relaxation", fit.relax, held.relax}});
  return out;
}

}  // namespace ionarray
