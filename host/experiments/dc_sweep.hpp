#pragma once
// Quasi-static triangular sweeps of one device, sampled once per voltage point like the
// measured data: 0 -> +-v_max -> 0, the sign alternating from cycle to cycle.
#include <cstdint>
#include <vector>

#include "data/measured.hpp"
#include "experiments/backend.hpp"
#include "experiments/stop_request.hpp"
#include "reference/device_params.hpp"

namespace ionarray {

struct DcSweepProtocol {
  double v_max = 0.6;        // V
  int points_per_ramp = 100; // voltage points from 0 to v_max (and back)
  int steps_per_point = 20;  // model steps spent at each point; the current is read at the last
  int rest_points = 200;     // points at 0 V between cycles
};

// Defaults match the measured data: the symmetric device is swept to 0.6 V in 6 mV points, the
// asymmetric one to 0.2 V in 8 mV points, both at the source simulation's 0.28 V/s.
DcSweepProtocol default_dc_protocol(const reference::ParameterSet& set);

// `stop` is asked before each cycle: the cycles completed until it said so are returned.
std::vector<SweepCycle> run_dc_sweep(const reference::ParameterSet& set, const DcSweepProtocol& protocol,
                                     int cycles, std::uint64_t seed, Backend backend = Backend::reference,
                                     const StopRequest& stop = {});

}  // namespace ionarray
