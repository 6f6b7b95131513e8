#include "analysis/switching_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "analysis/distribution_distance.hpp"

namespace ionarray {
namespace {
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}
}  // namespace

Stats describe(std::vector<double> values) {
  Stats s;
  s.n = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(ss / n);
  s.median = quantile(values, 0.5);
  s.q25 = quantile(values, 0.25);
  s.q75 = quantile(values, 0.75);
  s.min = values.front();
  s.max = values.back();
  return s;
}

CycleThresholds extract_thresholds(const SweepCycle& c) {
  // The source's method: the previous current is remembered per segment direction and starts at 0,
  // so a sweep that is already ON at its first rising sample still counts as switching there.
  CycleThresholds out;
  double previous_rising = 0, previous_falling = 0;
  for (std::size_t k = 1; k < c.v.size(); ++k) {
    const double v = std::abs(c.v[k]), v_before = std::abs(c.v[k - 1]), i = std::abs(c.i[k]);
    if (v > v_before) {
      if (!out.vth && i > kVthCurrent && previous_rising < kVthCurrent) out.vth = v;
      previous_rising = i;
    } else if (v < v_before) {
      if (!out.vhold && i < kVholdCurrent && previous_falling > kVholdCurrent) out.vhold = v;
      previous_falling = i;
    }
  }
  return out;
}

SweepStats sweep_stats(const std::vector<SweepCycle>& cycles) {
  std::vector<double> vth, vhold;
  for (const auto& c : cycles) {
    const auto t = extract_thresholds(c);
    if (t.vth) vth.push_back(*t.vth);
    if (t.vhold) vhold.push_back(*t.vhold);
  }
  return {describe(std::move(vth)), describe(std::move(vhold))};
}

PulseTimes extract_pulse_times(const PulseTrial& p) {
  PulseTimes out;
  double v_peak = 0;
  for (double v : p.v) v_peak = std::max(v_peak, std::abs(v));
  std::size_t start = p.v.size(), end = p.v.size();
  for (std::size_t k = 0; k < p.v.size(); ++k) {
    if (std::abs(p.v[k]) > 0.5 * v_peak) {
      if (start == p.v.size()) start = k;
      end = k + 1;
    }
  }
  if (start == p.v.size()) return out;
  for (std::size_t k = start; k < end && !out.delay; ++k)
    if (std::abs(p.i[k]) > kDelayCurrent) out.delay = p.t[k] - p.t[start];
  if (!out.delay) return out;
  for (std::size_t k = end; k < p.v.size() && !out.relax; ++k)
    if (std::abs(p.i[k]) < kRelaxCurrent) out.relax = p.t[k] - p.t[end - 1];
  return out;
}

PulseStats pulse_stats(const std::vector<PulseTrial>& trials) {
  std::vector<double> delay, relax;
  for (const auto& p : trials) {
    const auto t = extract_pulse_times(p);
    if (t.delay) delay.push_back(*t.delay);
    if (t.relax) relax.push_back(*t.relax);
  }
  return {describe(std::move(delay)), describe(std::move(relax)), trials.size()};
}

namespace {
// Drops from `sample` the cycles of a polarity in which no cycle shows the event: an asymmetric
// device never switches in reverse, and those cycles say nothing about its threshold.
std::vector<double> without_silent_polarity(const std::vector<double>& sample, const std::vector<bool>& positive) {
  bool seen[2] = {false, false};
  for (std::size_t c = 0; c < sample.size(); ++c) seen[positive[c]] = seen[positive[c]] || !std::isinf(sample[c]);
  std::vector<double> out;
  for (std::size_t c = 0; c < sample.size(); ++c)
    if (seen[positive[c]]) out.push_back(sample[c]);
  return out;
}
}  // namespace

SweepSamples sweep_samples(const std::vector<SweepCycle>& cycles) {
  SweepSamples all;
  std::vector<bool> positive;
  for (const auto& c : cycles) {
    const auto t = extract_thresholds(c);
    all.vth.push_back(t.vth.value_or(kNever));
    all.vhold.push_back(t.vhold.value_or(kNever));
    double peak = 0;
    for (double v : c.v) peak = std::abs(v) > std::abs(peak) ? v : peak;
    positive.push_back(peak > 0);
  }
  return {without_silent_polarity(all.vth, positive), without_silent_polarity(all.vhold, positive)};
}

PulseSamples pulse_samples(const std::vector<PulseTrial>& trials) {
  PulseSamples out;
  for (const auto& p : trials) {
    const auto t = extract_pulse_times(p);
    out.delay.push_back(t.delay.value_or(kNever));
    out.relax.push_back(t.relax.value_or(kNever));
  }
  return out;
}

namespace {
// An empty sample has no statistics: null, not a misleading 0.
nlohmann::json value_or_null(const Stats& s, double v) { return s.n > 0 ? nlohmann::json(v) : nlohmann::json(); }
}  // namespace

nlohmann::json to_json(const SweepStats& s) {
  return {{"vth_mean_V", value_or_null(s.vth, s.vth.mean)},     {"vth_sd_V", value_or_null(s.vth, s.vth.sd)},
          {"vth_n", s.vth.n},
          {"vhold_mean_V", value_or_null(s.vhold, s.vhold.mean)}, {"vhold_sd_V", value_or_null(s.vhold, s.vhold.sd)},
          {"vhold_n", s.vhold.n}};
}

nlohmann::json to_json(const PulseStats& s) {
  nlohmann::json j = {{"trials", s.trials}, {"switched", s.delay.n}, {"relaxed", s.relax.n}};
  for (const auto& [name, st] : {std::pair{"delay", &s.delay}, std::pair{"relax", &s.relax}}) {
    j[fmt::format("{}_median_s", name)] = value_or_null(*st, st->median);
    j[fmt::format("{}_q25_s", name)] = value_or_null(*st, st->q25);
    j[fmt::format("{}_q75_s", name)] = value_or_null(*st, st->q75);
    j[fmt::format("{}_min_s", name)] = value_or_null(*st, st->min);
    j[fmt::format("{}_max_s", name)] = value_or_null(*st, st->max);
  }
  return j;
}

}  // namespace ionarray
