#pragma once
// Array runs on either backend, with external input: Poisson sources and listed events.
#include <cstdint>
#include <functional>
#include <vector>

#include "experiments/neuron_run.hpp"
#include "fixed/kernel.hpp"
#include "ionarray/noise.hpp"
#include "reference/array_spec.hpp"

namespace ionarray {

// Every row of `tiles` is triggered with `probability` per step, from its own noise stream.
struct PoissonSource {
  std::vector<int> tiles;
  double probability = 0.01;
  std::uint64_t seed = 7;
};

// Drives `row` of `tile` from `step` on (array_spec.hpp has the timing).
struct ExternalEvent {
  long step = 0;
  int tile = 0;
  int row = 0;
};

struct ArrayInputs {
  std::vector<PoissonSource> poisson;
  std::vector<ExternalEvent> events;  // sorted by step
};

// The external input as events, step by step: the Poisson sources (each its own noise stream,
// drawn source by source, tile by tile, row by row) merged with the listed events. Every
// backend and the device API draw input through this one schedule.
class InputSchedule {
 public:
  InputSchedule(const reference::ArraySpec& spec, const ArrayInputs& inputs);
  // Appends the events of the next `steps` steps to `out`.
  void next(long steps, std::vector<ExternalEvent>& out);

 private:
  const reference::ArraySpec& spec_;
  const ArrayInputs& inputs_;
  std::vector<noise::NoiseStream> streams_;
  long step_ = 0;
  std::size_t listed_ = 0;
};

// Poisson input at 1 % per row and step into the first tile of each ring of `ring` tiles.
ArrayInputs ring_head_input(const reference::ArraySpec& spec, int ring = 4, double probability = 0.01);

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
