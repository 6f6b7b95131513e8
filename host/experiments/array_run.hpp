#pragma once
// Array runs on either backend, with external input: Poisson sources and listed events.
#include <cstdint>
#include <functional>
#include <vector>

#include "experiments/neuron_run.hpp"
#include "fixed/kernel.hpp"
#include "layout/inputs.hpp"
#include "reference/array_spec.hpp"

namespace ionarray {

// Called every few seconds of wall time with the steps done (progress of long runs).
using ProgressFn = std::function<void(long done, long total)>;

struct ArrayRun {
  long steps = 0;
  std::vector<std::vector<long>> spike_steps;  // per global neuron
  std::uint64_t saturations = 0;
  std::uint64_t dropped_events = 0;  // input events a device queue refused (its overflow counter)
};

ArrayRun run_array(const reference::ArraySpec& spec, Backend backend, long steps, std::uint64_t seed,
                   const ArrayInputs& inputs, const ProgressFn& progress = {},
                   fixed::Kernel kernel = fixed::Kernel::automatic);

// Rings of `ring` square crossbars of lif neurons: neuron j of a tile drives row j of the next
// tile of its ring, sparse random synapses (density 0.2, 16 levels up to 50 uS), rows pulsed at
// 2.5 V for 5 steps; Poisson input enters the first tile of each ring. A ring of one has no routes.
reference::ArraySpec chain_spec(int tiles, int size, bool c2c, std::uint64_t seed, int ring = 4);
// The 4-tile chain of 64 x 64 crossbars used by the accuracy scenarios.
inline reference::ArraySpec chain_demo_spec(bool c2c, std::uint64_t seed) { return chain_spec(4, 64, c2c, seed); }

}  // namespace ionarray
