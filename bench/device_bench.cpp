// Device throughput through the device API: verilator:// (the array core RTL) against fixed://
// (the C++ golden model behind the same packets), measured in the same run, for 1, 4 and 16
// tiles of 32 x 32 lif neurons with Poisson input. Prints steps/s, neuron-updates/s, model
// clock cycles/s and the ratio verilator / fixed. Then the driver's cost per step exchange: the
// same steps run one step per run() call (load, send inputs, run, sync, collect spikes every
// step, as a real-time loop does) against one run() for all of them, same run, same device.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "device/device.hpp"

using namespace ionarray;

namespace {
double seconds_for(Device& device, const Layout& layout, std::uint64_t steps) {
  device.load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto inputs = next_inputs(schedule, static_cast<long>(steps));
  const auto start = std::chrono::steady_clock::now();
  device.run(steps, inputs);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
// Seconds for `steps` steps as `steps` one-step exchanges.
double seconds_stepwise(Device& device, const Layout& layout, std::uint64_t steps) {
  device.load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t k = 0; k < steps; ++k) device.run(1, next_inputs(schedule, 1));
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void exchange_cost() {
  std::printf("\nper-step exchange: one run() per step against one run() for all steps (best of 3 each)\n");
  std::printf("%-14s %8s %16s %16s %18s\n", "device", "neurons", "batch us/step", "stepwise us/step", "exchange cost us");
  for (const auto& [tiles, size] : {std::pair{1, 1}, std::pair{16, 32}}) {
    Layout layout{.path = "bench"};
    layout.spec = chain_spec(tiles, size, true, 1);
    layout.grid_columns = tiles;
    layout.inputs = ring_head_input(layout.spec);
    for (const char* uri : {"fixed://", "verilator://"}) {
      auto device = open_device(uri);
      const std::uint64_t steps = tiles == 1 ? 20000 : 500;
      double batch = 1e9, stepwise = 1e9;
      for (int repeat = 0; repeat < 3; ++repeat) {
        batch = std::min(batch, seconds_for(*device, layout, steps) / double(steps) * 1e6);
        stepwise = std::min(stepwise, seconds_stepwise(*device, layout, steps) / double(steps) * 1e6);
      }
      std::printf("%-14s %8d %16.2f %16.2f %18.2f\n", uri, layout.spec.neurons(), batch, stepwise, stepwise - batch);
    }
  }
}
}  // namespace

int main() {
  std::printf("%6s %8s %14s %14s %16s %10s\n", "tiles", "neurons", "fixed upd/s", "verilator upd/s", "verilator steps/s",
              "ratio");
  for (int tiles : {1, 4, 16}) {
    Layout layout{.path = "bench"};
    layout.spec = chain_spec(tiles, 32, true, 1);
    layout.grid_columns = tiles;
    layout.inputs = ring_head_input(layout.spec);
    const std::uint64_t steps = 2000;
    auto fixed = open_device("fixed://");
    auto rtl = open_device("verilator://");
    const double fx = seconds_for(*fixed, layout, steps), vl = seconds_for(*rtl, layout, steps);
    const double n = layout.spec.neurons();
    std::printf("%6d %8.0f %14.3g %14.3g %16.3g %10.4f\n", tiles, n, n * steps / fx, n * steps / vl, steps / vl, fx / vl);
  }
  std::printf("(ratio = verilator neuron-updates/s over fixed; issue 4's target for 16 tiles is >= 0.02)\n");
  exchange_cost();
}
