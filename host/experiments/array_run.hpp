#pragma once
// Array runs on either backend, with external Poisson input on chosen rows.
#include <cstdint>
#include <vector>

#include "experiments/neuron_run.hpp"
#include "reference/array_spec.hpp"

namespace ionarray {

struct PoissonInput {
  int tile = 0;
  double probability = 0.01;  // per row and step
  std::uint64_t seed = 7;
};

struct ArrayRun {
  long steps = 0;
  std::vector<std::vector<long>> spike_steps;  // per global neuron
  std::uint64_t saturations = 0;
};

ArrayRun run_array(const reference::ArraySpec& spec, Backend backend, long steps, std::uint64_t seed,
                   const PoissonInput& input);

// A 4-tile chain of 64 x 64 crossbars of lif neurons: neuron j of tile t drives row j of tile
// t + 1 (mod 4), sparse random synapses, Poisson input into tile 0.
reference::ArraySpec chain_demo_spec(bool c2c, std::uint64_t seed);

}  // namespace ionarray
