#include "experiments/pulse_test.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fixed/fixed_series.hpp"
#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "reference/circuits.hpp"

namespace ionarray {

namespace {
template <typename Circuit>
PulseTrial trial_on(Circuit& circuit, double dt, long before, long write, long after, const PulseProtocol& protocol) {
  PulseTrial p;
  for (long k = 0; k < before + write + after; ++k) {
    const double v = k >= before && k < before + write ? protocol.v_write : protocol.v_read;
    p.t.push_back(static_cast<double>(k) * dt);
    p.v.push_back(v);
    p.i.push_back(circuit.step(v));
  }
  return p;
}
}  // namespace

std::vector<PulseTrial> run_pulse_trials(const reference::ParameterSet& set, const PulseProtocol& protocol,
                                         int trials, std::uint64_t seed, Backend backend, const StopRequest& stop) {
  const double dt = set.circuit.dt;
  const auto steps = [dt](double s) { return static_cast<long>(std::lround(s / dt)); };
  const long before = steps(protocol.t_before), write = steps(protocol.t_write), after = steps(protocol.t_after);
  // Each trial keeps a time, a voltage and a current per step: refused before running if they
  // could not be held.
  const double bytes = double(trials) * double(before + write + after) * 3 * sizeof(double);
  if (bytes > memory_budget_bytes())
    throw InputError("", 0, "trials", fmt::format("{} trials of {} steps (dt = {:g} s) are {}: fewer trials or a longer "
                                                  "circuit.dt", trials, before + write + after, dt, describe_memory_need(bytes)));
  std::vector<PulseTrial> out;
  const auto config = backend == Backend::fixed
                          ? fixed::configure(set, std::max(std::abs(protocol.v_write), std::abs(protocol.v_read)),
                                             fixed::Circuit::series)
                          : nullptr;
  for (int trial = 0; trial < trials && !stop_requested(stop); ++trial) {
    const auto index = static_cast<std::uint64_t>(trial);
    if (backend == Backend::reference) {
      reference::SeriesCircuit circuit(set, seed, index);
      out.push_back(trial_on(circuit, dt, before, write, after, protocol));
    } else {
      fixed::FixedSeriesCircuit circuit(config, set, seed, index);
      out.push_back(trial_on(circuit, dt, before, write, after, protocol));
    }
  }
  return out;
}

}  // namespace ionarray
