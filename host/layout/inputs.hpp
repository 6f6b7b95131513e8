#pragma once
// External input of a chip: Poisson sources and listed events, and the one schedule every
// backend and the device API draw them through.
#include <cstdint>
#include <vector>

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

}  // namespace ionarray
