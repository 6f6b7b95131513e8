#pragma once
// Independent neurons of one parameter set under one drive, on a chosen backend (each device
// its own device-to-device draw and noise stream, identical across backends).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "experiments/backend.hpp"
#include "experiments/stop_request.hpp"
#include "fixed/engine_config.hpp"
#include "reference/device_params.hpp"
#include "reference/drive.hpp"

namespace ionarray {

struct NeuronRun {
  double dt = 0;
  long steps = 0;
  std::vector<std::vector<long>> spike_steps;  // per device
  std::uint64_t saturations = 0;               // fixed point: values that hit a format's limit
  bool stopped = false;                        // `stop` ended the run after `steps` steps
};

struct NeuronProbe {
  double vm = 0;       // V
  double current = 0;  // A, device output current
};

// Called after every step with the step index, the drive voltage and the first `probed` neurons.
using NeuronObserver = std::function<void(long step, double v_in, std::span<const NeuronProbe> probes)>;

// `stop` is asked between steps; when it says so, the run ends there (NeuronRun::stopped, and
// NeuronRun::steps the steps done).
// What `ionarray neuron` and ionarray.neuron() may change in a parameter set: the drive (kind
// "dc", "pulse" or "pwl", a pwl file, its timings), the circuit and the device spread; unset
// fields keep the set's values. A "dc" drive has no width or period.
struct NeuronOverrides {
  std::optional<std::string> drive, pwl;
  std::optional<double> amplitude, width, period, delay, rin, c, dt, d2d;
  bool c2c = true;
};
void apply_overrides(reference::ParameterSet& set, const NeuronOverrides& o);

NeuronRun run_neurons(const reference::ParameterSet& set, const reference::Drive& drive, Backend backend,
                      int devices, long steps, std::uint64_t seed, const NeuronObserver& observe = {},
                      int probed = 0, fixed::Precision precision = {}, const StopRequest& stop = {});

// Loads the set's pwl CSV (when the drive is pwl) and builds the drive; InputError on bad files.
reference::Drive make_drive(const reference::ParameterSet& set);

}  // namespace ionarray
