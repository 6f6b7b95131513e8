#pragma once
// Small chips and input streams the device, transport and stream tests share.
#include <cstdint>
#include <vector>

#include "device/device.hpp"
#include "experiments/array_run.hpp"

namespace ionarray::testing {

// A ring of `tiles` tiles of size x size lif neurons (noise on), laid out as grid_rows rows.
inline Layout ring_layout(int tiles, int size, std::uint64_t seed, long steps, int grid_rows = 1) {
  Layout l{.path = "test"};
  l.spec = chain_spec(tiles, size, true, seed);
  l.grid_rows = grid_rows;
  l.grid_columns = tiles / grid_rows;
  l.steps = steps;
  l.seed = seed;
  return l;
}

// Events into rows 0 .. rows-1 of tile 0, each with `probability` per step, for steps from .. from+steps-1.
inline std::vector<InputEvent> input_events(std::uint64_t seed, std::uint64_t from, std::uint64_t steps, int rows,
                                            double probability) {
  std::vector<InputEvent> out;
  noise::NoiseStream draws(seed, from, noise::Stream::device_to_device);
  for (std::uint64_t k = from; k < from + steps; ++k)
    for (int row = 0; row < rows; ++row)
      if (draws.next_uniform() < probability) out.push_back({k, 0, row});
  return out;
}

}  // namespace ionarray::testing
