// The closed loop of bench/python_bench.py in C++, for the ratio of their per-step costs: on
// fixed:// with bench/closed-loop.toml, each step is run alone with the inputs a controller chose
// from the spikes so far: while fewer than kTarget spikes came in the last kWindow steps, the next
// row in turn is driven in the next step (each drive makes its neuron fire once, some steps later).
// Prints one JSON line: steps, seconds_per_step, spikes, inputs (the Python loop must match them).
//   ionarray_closed_loop_bench [STEPS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "layout/layout.hpp"

using namespace ionarray;

int main(int argc, char** argv) {
  const long steps = argc > 1 ? std::atol(argv[1]) : 20000;
  const Layout layout = load_layout(IONARRAY_SOURCE_DIR "/bench/closed-loop.toml");
  auto device = open_device("fixed://");
  device->load(layout);
  constexpr std::size_t kWindow = 64, kTarget = 4;
  std::vector<std::size_t> window(kWindow, 0);  // spikes of the last kWindow steps, a ring
  std::size_t in_window = 0, spikes = 0, events = 0;
  std::vector<InputEvent> inputs;
  int next_row = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long k = 0; k < steps; ++k) {
    const auto out = device->run(1, inputs);
    spikes += out.size();
    events += inputs.size();
    auto& slot = window[static_cast<std::size_t>(k) % kWindow];
    in_window += out.size() - slot;
    slot = out.size();
    inputs.clear();
    if (in_window < kTarget) {
      inputs.push_back({static_cast<std::uint64_t>(k + 1), 0, next_row});
      next_row = (next_row + 1) % layout.spec.columns;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"steps\": %ld, \"seconds_per_step\": %.9g, \"spikes\": %zu, \"inputs\": %zu}\n", steps,
              seconds / static_cast<double>(steps), spikes, events);
  return 0;
}
