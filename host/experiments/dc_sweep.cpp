#include "experiments/dc_sweep.hpp"

#include <cmath>

#include <fmt/format.h>

#include "fixed/fixed_series.hpp"
#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "reference/circuits.hpp"

namespace ionarray {

DcSweepProtocol default_dc_protocol(const reference::ParameterSet& set) {
  // The source sweeps 0.5 V in 201 points of 9 ms: 0.28 V/s. Keep that rate at the data's spacing.
  constexpr double kSweepRate = 0.5 / (200 * 9e-3);
  DcSweepProtocol p;
  if (set.device.polarity == reference::Polarity::asymmetric) {
    p.v_max = 0.2;
    p.points_per_ramp = 25;
  }
  const double point_s = p.v_max / p.points_per_ramp / kSweepRate;
  p.steps_per_point = std::max(1, static_cast<int>(std::lround(point_s / set.circuit.dt)));
  p.rest_points = 2 * p.points_per_ramp;
  return p;
}

namespace {
template <typename Circuit>
std::vector<SweepCycle> sweep(Circuit& circuit, const DcSweepProtocol& protocol, int cycles, const StopRequest& stop) {
  std::vector<SweepCycle> out;
  const int n = protocol.points_per_ramp;
  for (int c = 0; c < cycles && !stop_requested(stop); ++c) {
    const double sign = c % 2 == 0 ? 1.0 : -1.0;
    auto& cycle = out.emplace_back();
    for (int k = 1; k <= 2 * n; ++k) {
      const int level = k <= n ? k : 2 * n - k;
      const double v = sign * protocol.v_max * level / n;
      double i = 0;
      for (int s = 0; s < protocol.steps_per_point; ++s) i = circuit.step(v);
      cycle.v.push_back(v);
      cycle.i.push_back(i);
    }
    for (int s = 0; s < protocol.rest_points * protocol.steps_per_point; ++s) circuit.step(0.0);
  }
  return out;
}
}  // namespace

std::vector<SweepCycle> run_dc_sweep(const reference::ParameterSet& set, const DcSweepProtocol& protocol,
                                     int cycles, std::uint64_t seed, Backend backend, const StopRequest& stop) {
  // Each cycle keeps a voltage and a current per point of both ramps: refused before running if
  // they could not be held.
  const double bytes = double(cycles) * 2 * double(protocol.points_per_ramp) * 2 * sizeof(double);
  if (bytes > memory_budget_bytes())
    throw InputError("", 0, "cycles", fmt::format("{} cycles of 2 x {} points are {}: fewer cycles or points", cycles,
                                                  protocol.points_per_ramp, describe_memory_need(bytes)));
  if (backend == Backend::reference) {
    reference::SeriesCircuit circuit(set, seed);
    return sweep(circuit, protocol, cycles, stop);
  }
  fixed::FixedSeriesCircuit circuit(fixed::configure(set, protocol.v_max, fixed::Circuit::series), set, seed);
  return sweep(circuit, protocol, cycles, stop);
}

}  // namespace ionarray
