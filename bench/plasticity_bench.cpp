// The cost of plastic synapses in the reference model: steps per second of the same chip and
// inputs with and without [plasticity], in the same run (median of three), for the learning
// example (68 x 4 synapses) and for one 256 x 256 tile under Poisson input. Prints the ratio.
//
//   ionarray_plasticity_bench [SOURCE_DIR]
#include <algorithm>
#include <array>
#include <chrono>
#include <string>

#include <fmt/format.h>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "layout/layout.hpp"

using namespace ionarray;

namespace {

double steps_per_second(const Layout& layout, long steps) {
  std::array<double, 3> rates{};
  for (auto& rate : rates) {
    auto device = open_device("reference://");
    device->load(layout);
    InputSchedule schedule(layout.spec, layout.inputs);
    const auto inputs = next_inputs(schedule, steps);
    const auto start = std::chrono::steady_clock::now();
    device->run(static_cast<std::uint64_t>(steps), inputs);
    rate = static_cast<double>(steps) / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  std::sort(rates.begin(), rates.end());
  return rates[1];
}

void compare(const std::string& name, Layout plastic, long steps) {
  Layout fixed = plastic;
  fixed.spec.plasticity.tiles.clear();
  const double with = steps_per_second(plastic, steps), without = steps_per_second(fixed, steps);
  fmt::print("{:<44} {:>10.3g} steps/s plastic, {:>10.3g} fixed crossbar: plastic/fixed = {:.2f}\n", name, with, without,
             with / without);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string source = argc > 1 ? argv[1] : IONARRAY_SOURCE_DIR;
  fmt::print("reference://, one core, median of 3 runs\n");
  const auto example = load_layout(source + "/examples/learning/patterns.toml");
  compare("examples/learning (68 x 4, 80,200 steps)", example, example.steps);
  // One 256 x 256 tile of lif neurons, Poisson input on every row, the example's synapses.
  auto big = example;
  big.spec.rows = big.spec.columns = 256;
  reference::generate_synapses(big.spec, {.kind = reference::SynapseGenerator::Kind::random, .g_max = 1.4e-6, .levels = 256}, 1);
  big.spec.routes.assign(256, {});
  big.spec.row_voltages.clear();
  big.spec.plasticity.first_row = 0;
  big.spec.plasticity.last_row = -1;
  big.inputs = {};
  big.inputs.poisson.push_back({.tiles = {0}, .probability = 0.01, .seed = 1});
  compare("one 256 x 256 tile, Poisson 1 % (5,000 steps)", big, 5000);
  return 0;
}
