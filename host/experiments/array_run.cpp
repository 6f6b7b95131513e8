#include "experiments/array_run.hpp"

#include <algorithm>
#include <chrono>

#include "fixed/fixed_array.hpp"
#include "reference/array.hpp"

namespace ionarray {
namespace {

template <typename Array>
ArrayRun run(Array& array, const reference::ArraySpec& spec, long steps, const ArrayInputs& inputs,
             const ProgressFn& progress) {
  ArrayRun r{.steps = steps, .spike_steps = std::vector<std::vector<long>>(static_cast<std::size_t>(spec.neurons()))};
  InputSchedule schedule(spec, inputs);
  std::vector<ExternalEvent> due;
  auto last_report = std::chrono::steady_clock::now();
  for (long k = 0; k < steps; ++k) {
    due.clear();
    schedule.next(1, due);
    for (const auto& e : due) array.trigger(e.tile, e.row);
    for (int n : array.step()) r.spike_steps[static_cast<std::size_t>(n)].push_back(k);
    if (progress && (k & 1023) == 0 && std::chrono::steady_clock::now() - last_report > std::chrono::seconds(2)) {
      last_report = std::chrono::steady_clock::now();
      progress(k, steps);
    }
  }
  return r;
}

}  // namespace

ArrayRun run_array(const reference::ArraySpec& spec, Backend backend, long steps, std::uint64_t seed,
                   const ArrayInputs& inputs, const ProgressFn& progress, fixed::Kernel kernel) {
  if (backend == Backend::reference) {
    reference::ReferenceArray array(spec, seed);
    return run(array, spec, steps, inputs, progress);
  }
  fixed::FixedArray array(spec, seed, kernel);
  auto r = run(array, spec, steps, inputs, progress);
  const auto& s = array.saturation();
  r.saturations = s.vm + s.s + s.conductance;
  return r;
}

reference::ArraySpec chain_spec(int tiles, int size, bool c2c, std::uint64_t seed, int ring) {
  reference::ArraySpec spec{.tiles = tiles, .rows = size, .columns = size, .neuron = reference::named_set("lif")};
  spec.neuron.device.c2c = c2c;
  spec.neuron.device.d2d = 0.05;
  spec.row_voltage = 2.5;
  spec.pulse_steps = 5;
  // A single neuron gets one full-strength synapse; larger tiles sparse random ones.
  const auto kind = size == 1 ? reference::SynapseGenerator::Kind::identity : reference::SynapseGenerator::Kind::sparse;
  reference::generate_synapses(spec, {.kind = kind, .g_max = 50e-6, .levels = 16, .spread = 0.05, .density = 0.2}, seed);
  spec.routes.resize(static_cast<std::size_t>(spec.neurons()));
  ring = std::min(ring, spec.tiles);
  for (int t = 0; t < spec.tiles && ring > 1; ++t) {
    const int next = t - t % ring + (t % ring + 1) % ring;
    for (int j = 0; j < spec.columns; ++j) spec.routes[static_cast<std::size_t>(t * spec.columns + j)] = {{next, j}};
  }
  return spec;
}

}  // namespace ionarray
