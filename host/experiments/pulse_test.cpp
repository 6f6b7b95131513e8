#include "experiments/pulse_test.hpp"

#include <cmath>

#include "reference/circuits.hpp"

namespace ionarray {

std::vector<PulseTrial> run_pulse_trials(const reference::ParameterSet& set, const PulseProtocol& protocol,
                                         int trials, std::uint64_t seed) {
  const double dt = set.circuit.dt;
  const auto steps = [dt](double s) { return static_cast<long>(std::lround(s / dt)); };
  const long before = steps(protocol.t_before), write = steps(protocol.t_write), after = steps(protocol.t_after);
  std::vector<PulseTrial> out;
  for (int trial = 0; trial < trials; ++trial) {
    reference::SeriesCircuit circuit(set, seed, static_cast<std::uint64_t>(trial));
    PulseTrial p;
    for (long k = 0; k < before + write + after; ++k) {
      const double v = k >= before && k < before + write ? protocol.v_write : protocol.v_read;
      p.t.push_back(static_cast<double>(k) * dt);
      p.v.push_back(v);
      p.i.push_back(circuit.step(v));
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace ionarray
