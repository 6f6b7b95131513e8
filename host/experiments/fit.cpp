#include "experiments/fit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include <fmt/format.h>

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
      throw InputError("", 0, "--params", fmt::format("'{}' cannot be fitted; give positive device or circuit "
                                                      "parameters such as device.mu, device.sigma1", name));
    out.push_back(f);
  }
  return out;
}

// A coarse grid first (each parameter x1/3, x1, x3): stochastic switching statistics have
// plateaus (no trial switches, none relaxes) where a simplex alone would stall; then Nelder-Mead
// from the grid's best point. Fills result.evaluations and result.objective.
std::vector<double> search(const Objective& objective, const std::vector<double>& x0, std::size_t fields,
                           int max_evaluations, FitResult& result) {
  std::vector<double> start_x = x0;
  double start_value = objective(x0);
  int grid_evaluations = 1;
  if (fields <= 4) {
    std::size_t combos = 1;
    for (std::size_t k = 0; k < fields; ++k) combos *= 3;
    for (std::size_t code = 0; code < combos; ++code) {
      std::vector<double> x = x0;
      for (std::size_t k = 0, c = code; k < fields; ++k, c /= 3) x[k] += std::log(3.0) * (double(c % 3) - 1);
      const double v = objective(x);
      ++grid_evaluations;
      if (v < start_value) start_value = v, start_x = x;
    }
  }
  const auto best = nelder_mead(objective, start_x, 0.3, max_evaluations, result.evaluations, result.objective);
  result.evaluations += grid_evaluations;
  return best;
}

// Fits log(parameter) so every candidate stays positive; `score` compares one candidate's stats.
FitResult fit(const rf::ParameterSet& start, const FitOptions& options,
              const std::function<std::pair<double, nlohmann::json>(const rf::ParameterSet&)>& score) {
  const auto fields = resolve_fields(options.fields);
  rf::ParameterSet work = start;
  std::vector<double> x0;
  for (const auto* f : fields) {
    const double v = f->ref(work);
    if (v <= 0) throw InputError("", 0, f->path(), fmt::format("{} = {:g}: only positive values can be fitted", f->path(), v));
    x0.push_back(std::log(v));
  }
  auto candidate = [&](const std::vector<double>& x) {
    rf::ParameterSet s = start;
    for (std::size_t k = 0; k < fields.size(); ++k) fields[k]->ref(s) = std::exp(x[k]);
    return s;
  };
  // The best candidate evaluated so far, kept so that a fit stopped early (options.stop) still
  // returns it.
  struct Stopped {};
  std::vector<double> best_x = x0;
  double best_value = HUGE_VAL;
  nlohmann::json best_stats;
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
    auto [value, stats] = score(s);
    if (value < best_value) best_value = value, best_x = x, best_stats = std::move(stats);
    return value;
  };
  FitResult result;
  try {
    const auto best = search(objective, x0, fields.size(), options.max_evaluations, result);
    result.set = candidate(best);
    result.simulated = score(result.set).second;
  } catch (const Stopped&) {
    result.stopped = true;
    result.evaluations = evaluated;
    result.objective = best_value;
    result.set = candidate(best_x);
    result.simulated = best_stats;
  }
  return result;
}

double squared(double v) { return v * v; }

}  // namespace

std::vector<std::string> default_fit_fields(bool pulse) {
  if (pulse) return {"device.mu", "device.gamma1", "device.gamma2"};
  return {"device.mu", "device.sigma1", "device.gamma1"};
}

FitResult fit_dc(const rf::ParameterSet& start, const SweepStats& measured, const FitOptions& options) {
  const auto protocol = default_dc_protocol(start);
  // Only positive cycles switch an asymmetric device: count the cycles that can.
  const bool asymmetric = start.device.polarity == rf::Polarity::asymmetric;
  const double switchable = asymmetric ? (options.samples + 1) / 2 : options.samples;
  auto score = [&](const rf::ParameterSet& s) {
    const auto stats = sweep_stats(run_dc_sweep(s, protocol, options.samples, options.seed));
    const double missing = 1 - static_cast<double>(stats.vth.n) / switchable;
    const double e = squared((stats.vth.mean - measured.vth.mean) / 0.005) +
                     squared((stats.vth.sd / measured.vth.sd - 1) / 0.15) +
                     0.25 * squared((stats.vhold.mean - measured.vhold.mean) / std::max(measured.vhold.sd, 1e-3)) +
                     0.25 * squared((stats.vhold.sd / std::max(measured.vhold.sd, 1e-3) - 1) / 0.5) +
                     squared(std::max(missing, 0.0) * 20);
    return std::pair{e, to_json(stats)};
  };
  auto result = fit(start, options, score);
  result.measured = to_json(measured);
  return result;
}

FitResult fit_pulse(const rf::ParameterSet& start, const PulseStats& measured, const FitOptions& options) {
  const PulseProtocol protocol;
  auto score = [&](const rf::ParameterSet& s) {
    const auto trials = run_pulse_trials(s, protocol, options.samples, options.seed);
    // A trial that never switches or never relaxes counts as taking the whole window, so the
    // objective still points the way when the start is far off.
    std::vector<double> delay, relax;
    for (const auto& t : trials) {
      const auto times = extract_pulse_times(t);
      delay.push_back(times.delay.value_or(protocol.t_write));
      relax.push_back(times.relax.value_or(protocol.t_after));
    }
    const double e = squared(std::log(describe(delay).median / measured.delay.median) / std::log(1.25)) +
                     0.25 * squared(std::log(describe(relax).median / measured.relax.median) / std::log(1.5));
    return std::pair{e, to_json(pulse_stats(trials))};
  };
  auto result = fit(start, options, score);
  result.measured = to_json(measured);
  return result;
}

}  // namespace ionarray
