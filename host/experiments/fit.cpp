#include "experiments/fit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include <fmt/format.h>

#include "analysis/distribution_distance.hpp"
#include "io/input_error.hpp"

namespace ionarray {
namespace rf = reference;
namespace {

constexpr double kInvalid = 1e12;

using Objective = std::function<double(const std::vector<double>&)>;

// Plain Nelder-Mead (Lagarias et al. 1998 coefficients) on an unconstrained space.
std::vector<double> nelder_mead(const Objective& f, std::vector<double> x0, double step, int max_evaluations,
                                int& evaluations, double& best) {
  const std::size_t n = x0.size();
  std::vector<std::vector<double>> simplex(n + 1, x0);
  for (std::size_t i = 0; i < n; ++i) simplex[i + 1][i] += step;
  std::vector<double> value(n + 1);
  evaluations = 0;
  auto eval = [&](const std::vector<double>& x) { ++evaluations; return f(x); };
  for (std::size_t i = 0; i <= n; ++i) value[i] = eval(simplex[i]);

  while (evaluations < max_evaluations) {
    std::vector<std::size_t> order(n + 1);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return value[a] < value[b]; });
    const auto lo = order.front(), hi = order.back(), second = order[n - 1];
    if (value[hi] - value[lo] < 1e-6 * (1 + std::abs(value[lo]))) break;

    std::vector<double> centroid(n, 0.0);
    for (auto i : order)
      if (i != hi)
        for (std::size_t d = 0; d < n; ++d) centroid[d] += simplex[i][d] / static_cast<double>(n);
    auto along = [&](double t) {
      std::vector<double> x(n);
      for (std::size_t d = 0; d < n; ++d) x[d] = centroid[d] + t * (simplex[hi][d] - centroid[d]);
      return x;
    };
    const auto xr = along(-1.0);
    const double fr = eval(xr);
    if (fr < value[lo]) {
      const auto xe = along(-2.0);
      const double fe = eval(xe);
      if (fe < fr) simplex[hi] = xe, value[hi] = fe;
      else simplex[hi] = xr, value[hi] = fr;
    } else if (fr < value[second]) {
      simplex[hi] = xr, value[hi] = fr;
    } else {
      const auto xc = fr < value[hi] ? along(-0.5) : along(0.5);
      const double fc = eval(xc);
      if (fc < std::min(fr, value[hi])) {
        simplex[hi] = xc, value[hi] = fc;
      } else {  // shrink towards the best vertex
        for (auto i : order) {
          if (i == lo) continue;
          for (std::size_t d = 0; d < n; ++d) simplex[i][d] = simplex[lo][d] + 0.5 * (simplex[i][d] - simplex[lo][d]);
          value[i] = eval(simplex[i]);
        }
      }
    }
  }
  const auto best_it = std::min_element(value.begin(), value.end());
  best = *best_it;
  return simplex[static_cast<std::size_t>(best_it - value.begin())];
}

std::vector<const rf::NumericField*> resolve_fields(const std::vector<std::string>& names) {
  std::vector<const rf::NumericField*> out;
  for (const auto& name : names) {
    const auto* f = rf::find_numeric_field(name);
    if (!f || f->min < 0 || f->section == "drive")
      throw InputError("", 0, "--params", fmt::format("'{}' cannot be fitted; give non-negative device or circuit "
                                                      "parameters such as device.mu, device.sigma1, device.d2d", name));
    out.push_back(f);
  }
  return out;
}

// Where a fit starts a noise term that is off (0) in the starting set: a log-parameter cannot
// start at 0. Other fields must start positive.
double zero_start(const rf::NumericField& f) {
  if (f.key == "sigma1" || f.key == "sigma2" || f.key == "sigma3") return 1;
  if (f.key == "d2d") return 0.05;
  if (f.key == "residue0_spread") return 0.1;
  return 0;
}

// A coarse grid first (each parameter x1/3, x1, x3) when there are at most four: stochastic
// switching statistics have plateaus (no trial switches, none relaxes) where a simplex alone
// would stall; then Nelder-Mead from the best point, restarted from its result while the
// budget lasts and a restart still improves (a simplex collapses early on a piecewise-constant
// objective). Fills result.evaluations and result.objective.
std::vector<double> search(const Objective& objective, const std::vector<double>& x0, std::size_t fields,
                           int max_evaluations, FitResult& result) {
  std::vector<double> best_x = x0;
  double best_value = objective(x0);
  int used = 1;
  if (fields <= 4) {
    std::size_t combos = 1;
    for (std::size_t k = 0; k < fields; ++k) combos *= 3;
    for (std::size_t code = 0; code < combos; ++code) {
      std::vector<double> x = x0;
      for (std::size_t k = 0, c = code; k < fields; ++k, c /= 3) x[k] += std::log(3.0) * (double(c % 3) - 1);
      const double v = objective(x);
      ++used;
      if (v < best_value) best_value = v, best_x = x;
    }
  }
  for (double step : {0.5, 0.25, 0.1}) {
    if (used >= max_evaluations) break;
    int evaluations = 0;
    double value = 0;
    const auto x = nelder_mead(objective, best_x, step, max_evaluations - used, evaluations, value);
    used += evaluations;
    if (value < best_value) best_value = value, best_x = x;
  }
  result.evaluations = used;
  result.objective = best_value;
  return best_x;
}

// One statistic as the fit sees it.
struct StatisticSpec {
  const char* name;
  Scale scale;
  double weight;
  double target;  // NaN: no target
};

struct Simulated {
  std::vector<std::vector<double>> samples;  // one per statistic, in spec order
  nlohmann::json stats;
};
using Simulate = std::function<Simulated(const rf::ParameterSet&, std::uint64_t seed)>;

// Where every measured cycle shows the event, each simulated cycle that misses it costs 5 / n
// more: "every simulated trial relaxes where every measured one does" is a target of its own,
// which the distances alone weigh at only 1 / n.
constexpr double kMissingWeight = 5;

double objective_of(const std::vector<StatisticSpec>& specs, const std::vector<std::vector<double>>& measured,
                    const std::vector<std::vector<double>>& simulated) {
  double e = 0;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    e += specs[k].weight * (ks_distance(measured[k], simulated[k]) +
                            quantile_distance(measured[k], simulated[k], specs[k].scale));
    const auto& sim = simulated[k];
    if (occurred(measured[k]).size() == measured[k].size() && !sim.empty())
      e += specs[k].weight * kMissingWeight * static_cast<double>(sim.size() - occurred(sim).size()) /
           static_cast<double>(sim.size());
  }
  return e;
}

std::size_t events(const std::vector<double>& sample) { return occurred(sample).size(); }

// Fits log(parameter) so every candidate stays positive (capped at the field's maximum), then
// reports the distances before and after on both halves.
FitResult fit(const rf::ParameterSet& start, const FitOptions& options, const std::vector<StatisticSpec>& specs,
              const std::vector<std::vector<double>>& measured_fit, const std::vector<std::vector<double>>& measured_held,
              const Simulate& simulate) {
  const auto fields = resolve_fields(options.fields);
  rf::ParameterSet work = start;
  std::vector<double> x0;
  for (const auto* f : fields) {
    double v = f->ref(work);
    if (v <= 0) v = zero_start(*f);
    if (v <= 0) throw InputError("", 0, f->path(), fmt::format("{} = {:g}: only positive values can be fitted", f->path(), v));
    x0.push_back(std::log(v));
  }
  auto candidate = [&](const std::vector<double>& x) {
    rf::ParameterSet s = start;
    for (std::size_t k = 0; k < fields.size(); ++k) fields[k]->ref(s) = std::min(std::exp(x[k]), fields[k]->max);
    return s;
  };
  // The best candidate evaluated so far, kept so that a fit stopped early (options.stop) still
  // returns it.
  struct Stopped {};
  std::vector<double> best_x = x0;
  double best_value = HUGE_VAL;
  int evaluated = 0;
  auto objective = [&](const std::vector<double>& x) {
    if (stop_requested(options.stop)) throw Stopped{};
    ++evaluated;
    const auto s = candidate(x);
    try {
      rf::validate(s);
    } catch (const rf::ParameterError&) {
      return kInvalid;
    }
    const double value = objective_of(specs, measured_fit, simulate(s, options.seed).samples);
    if (value < best_value) best_value = value, best_x = x;
    return value;
  };
  FitResult result;
  result.validation_seed = options.seed + 1;
  try {
    result.set = candidate(search(objective, x0, fields.size(), options.max_evaluations, result));
  } catch (const Stopped&) {
    result.stopped = true;
    result.evaluations = evaluated;
    result.objective = best_value;
    result.set = candidate(best_x);
  }
  // Distances before and after: on the fit half with the fit's seed, on the held-out half with
  // a seed the fit never saw.
  const auto before_fit = simulate(start, options.seed), after_fit = simulate(result.set, options.seed);
  const auto before_held = simulate(start, result.validation_seed), after_held = simulate(result.set, result.validation_seed);
  result.objective_before = objective_of(specs, measured_fit, before_fit.samples);
  for (std::size_t k = 0; k < specs.size(); ++k) {
    StatisticDistance d{.name = specs[k].name, .target = specs[k].target};
    d.fit_before = ks_distance(measured_fit[k], before_fit.samples[k]);
    d.fit_after = ks_distance(measured_fit[k], after_fit.samples[k]);
    d.held_before = ks_distance(measured_held[k], before_held.samples[k]);
    d.held_after = ks_distance(measured_held[k], after_held.samples[k]);
    d.measured_fit_events = events(measured_fit[k]);
    d.measured_fit_cycles = measured_fit[k].size();
    d.measured_held_events = events(measured_held[k]);
    d.measured_held_cycles = measured_held[k].size();
    d.simulated_events = events(after_held.samples[k]);
    d.simulated_cycles = after_held.samples[k].size();
    result.distances.push_back(d);
  }
  result.simulated = after_held.stats;
  return result;
}

}  // namespace

bool StatisticDistance::meets_target() const {
  if (!has_target()) return true;
  const bool measured_always = measured_held_events == measured_held_cycles && measured_fit_events == measured_fit_cycles;
  return held_after <= target && (!measured_always || simulated_events == simulated_cycles);
}

nlohmann::json to_json(const StatisticDistance& d) {
  nlohmann::json j = {{"statistic", d.name},
                      {"distance", "two-sample Kolmogorov-Smirnov"},
                      {"fit_half", {{"before", d.fit_before}, {"after", d.fit_after},
                                    {"measured_events", d.measured_fit_events}, {"measured_cycles", d.measured_fit_cycles}}},
                      {"held_out", {{"before", d.held_before}, {"after", d.held_after},
                                    {"measured_events", d.measured_held_events}, {"measured_cycles", d.measured_held_cycles}}},
                      {"simulated_events", d.simulated_events},
                      {"simulated_cycles", d.simulated_cycles}};
  if (d.has_target()) {
    j["target"] = d.target;
    j["meets_target"] = d.meets_target();
  }
  return j;
}

std::vector<std::string> default_fit_fields(bool pulse) {
  if (pulse) return {"device.mu", "device.gamma1", "device.gamma2", "device.sigma1", "device.sigma3", "device.d2d"};
  return {"device.mu", "device.gamma1", "device.sigma1", "device.sigma2"};
}

FitResult fit_dc(const rf::ParameterSet& start, const Halves<SweepCycle>& measured, const FitOptions& options) {
  const auto protocol = default_dc_protocol(start);
  const std::vector<StatisticSpec> specs = {{"vth", Scale::linear, 1.0, kVthTarget}, {"vhold", Scale::linear, 0.5, NAN}};
  const auto fit_half = sweep_samples(measured.fit), held_half = sweep_samples(measured.held_out);
  auto simulate = [&](const rf::ParameterSet& s, std::uint64_t seed) {
    const auto cycles = run_dc_sweep(s, protocol, options.samples, seed);
    const auto samples = sweep_samples(cycles);
    return Simulated{{samples.vth, samples.vhold}, to_json(sweep_stats(cycles))};
  };
  auto result = fit(start, options, specs, {fit_half.vth, fit_half.vhold}, {held_half.vth, held_half.vhold}, simulate);
  result.measured = to_json(sweep_stats(measured.held_out));
  return result;
}

FitResult fit_pulse(const rf::ParameterSet& start, const Halves<PulseTrial>& measured, const FitOptions& options) {
  const PulseProtocol protocol;
  const std::vector<StatisticSpec> specs = {{"delay", Scale::log, 1.0, kPulseTimeTarget},
                                            {"relax", Scale::log, 1.0, kPulseTimeTarget}};
  const auto fit_half = pulse_samples(measured.fit), held_half = pulse_samples(measured.held_out);
  auto simulate = [&](const rf::ParameterSet& s, std::uint64_t seed) {
    const auto trials = run_pulse_trials(s, protocol, options.samples, seed);
    const auto samples = pulse_samples(trials);
    return Simulated{{samples.delay, samples.relax}, to_json(pulse_stats(trials))};
  };
  auto result = fit(start, options, specs, {fit_half.delay, fit_half.relax}, {held_half.delay, held_half.relax}, simulate);
  result.measured = to_json(pulse_stats(measured.held_out));
  return result;
}

}  // namespace ionarray
