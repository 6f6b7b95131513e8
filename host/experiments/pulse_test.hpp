#pragma once
// Write-then-read pulse trials like the measured pulse data: read level, one write pulse, read
// level again, through the set's series resistor. Each trial is a fresh device (its own seed).
#include <cstdint>
#include <vector>

#include "data/measured.hpp"
#include "experiments/backend.hpp"
#include "experiments/stop_request.hpp"
#include "reference/device_params.hpp"

namespace ionarray {

struct PulseProtocol {
  double v_read = 0.1;     // V
  double v_write = 1.0;    // V
  double t_before = 1e-3;  // s of read before the pulse
  double t_write = 20e-3;  // s
  double t_after = 30e-3;  // s of read after the pulse
};

// `stop` is asked before each trial: the trials completed until it said so are returned.
std::vector<PulseTrial> run_pulse_trials(const reference::ParameterSet& set, const PulseProtocol& protocol,
                                         int trials, std::uint64_t seed, Backend backend = Backend::reference,
                                         const StopRequest& stop = {});

}  // namespace ionarray
