// Device throughput through the device API: verilator:// (the array core RTL) against fixed://
// (the C++ golden model behind the same packets), measured in the same run, for 1, 4 and 16
// tiles of 32 x 32 lif neurons with Poisson input. Prints steps/s, neuron-updates/s, model
// clock cycles/s and the ratio verilator / fixed.
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
}
