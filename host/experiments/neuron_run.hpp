#pragma once
// Independent neurons of one parameter set under one drive (each device its own
// device-to-device draw and noise stream).
#include <cstdint>
#include <functional>
#include <vector>

#include "reference/circuits.hpp"
#include "reference/drive.hpp"

namespace ionarray {

struct NeuronRun {
  double dt = 0;
  long steps = 0;
  std::vector<std::vector<long>> spike_steps;  // per device
};

// Called after every step with the step index, the drive voltage and all neurons.
using NeuronObserver = std::function<void(long step, double v_in, const std::vector<reference::NeuronCircuit>&)>;

NeuronRun run_neurons(const reference::ParameterSet& set, const reference::Drive& drive, int devices, long steps,
                      std::uint64_t seed, const NeuronObserver& observe = {});

// Loads the set's pwl CSV (when the drive is pwl) and builds the drive; InputError on bad files.
reference::Drive make_drive(const reference::ParameterSet& set);

}  // namespace ionarray
