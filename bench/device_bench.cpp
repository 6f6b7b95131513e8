// Device throughput through the device API, all in one run on one machine:
//  0. fixed:// against the bare array loop and fixed-link:// (the link core behind packets).
//  1. verilator:// (the array core RTL, single-threaded model) and the same RTL built with
//     --threads 2, against fixed-link:// (the C++ golden model behind the same packets), for 1, 4 and
//     16 tiles of 32 x 32 lif neurons with Poisson input: neuron-updates/s, model clock cycles/s,
//     cycles per step, and the ratio to fixed-link:// and to the software backend's array (the
//     fixed-point model with its AVX-512 kernel, not behind packets).
//  2. The driver's cost per step exchange: the same steps run one step per run() call (send
//     inputs, run, sync, collect spikes every step, as a real-time loop does) against one run()
//     for all of them.
//  3. The SystemC platform (systemc://, the board-level RTL behind timed link models) against
//     verilator:// (the array core alone): wall time for the same steps, and the simulated time
//     the modelled board and link took.
//  4. The device model's build time: the 16-tile model verilated and compiled from scratch.
// `ionarray_device_bench fixed` runs part 0 alone, `ionarray_device_bench throughput` parts 0
// and 1, `ionarray_device_bench platform` part 3.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "Vionarray_array_core_mt.h"
#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "device/link_device.hpp"
#include "device/verilated_transport.hpp"
#include "experiments/array_run.hpp"

using namespace ionarray;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Timed {
  double seconds = 0;
  std::uint64_t cycles = 0;
};

Timed timed_run(Device& device, const Layout& layout, std::uint64_t steps) {
  device.load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto inputs = next_inputs(schedule, static_cast<long>(steps));
  const auto cycles_before = device.model_cycles();
  const auto start = Clock::now();
  device.run(steps, inputs);
  return {since(start), device.model_cycles() - cycles_before};
}

double seconds_stepwise(Device& device, const Layout& layout, std::uint64_t steps) {
  device.load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto start = Clock::now();
  for (std::uint64_t k = 0; k < steps; ++k) device.run(1, next_inputs(schedule, 1));
  return since(start);
}

Layout chip(int tiles, int size) {
  Layout layout{.path = "bench"};
  layout.spec = chain_spec(tiles, size, true, 1);
  layout.grid_columns = tiles;
  layout.inputs = ring_head_input(layout.spec);
  return layout;
}

std::unique_ptr<Device> open_two_thread_model() {
  return make_link_device("verilator://?threads=2",
                          [] { return std::make_unique<VerilatedTransport<Vionarray_array_core_mt>>("verilator://?threads=2"); },
                          {kVerilatorTiles, kVerilatorRows, kVerilatorColumns, "array core RTL, Verilator --threads 2"});
}

void throughput() {
  std::printf("%6s %8s %12s %12s %12s %12s %12s %12s %12s %9s %9s %9s\n", "tiles", "neurons", "fixed upd/s",
              "array upd/s", "vl upd/s", "vl cycles/s", "vl2 upd/s", "vl2 cyc/s", "cycles/step", "vl/fixed", "vl/array",
              "vl2/fixed");
  for (int tiles : {1, 4, 16}) {
    const auto layout = chip(tiles, 32);
    const std::uint64_t steps = 2000;
    auto fixed = open_device("fixed-link://");
    auto rtl = open_device("verilator://");
    auto rtl2 = open_two_thread_model();
    const auto fx = timed_run(*fixed, layout, steps), vl = timed_run(*rtl, layout, steps), vl2 = timed_run(*rtl2, layout, steps);
    const auto array_start = Clock::now();
    run_array(layout.spec, Backend::fixed, static_cast<long>(steps), layout.seed, layout.inputs);
    const double array_seconds = since(array_start);
    const double n = layout.spec.neurons() * double(steps);
    std::printf("%6d %8d %12.3g %12.3g %12.3g %12.3g %12.3g %12.3g %12.0f %9.4f %9.4f %9.4f\n", tiles, layout.spec.neurons(),
                n / fx.seconds, n / array_seconds, n / vl.seconds, double(vl.cycles) / vl.seconds, n / vl2.seconds,
                double(vl2.cycles) / vl2.seconds, double(vl.cycles) / double(steps), fx.seconds / vl.seconds,
                array_seconds / vl.seconds, fx.seconds / vl2.seconds);
  }
  std::printf("(fixed: fixed-link://, the scalar C++ link core behind packets; array: the software\n"
              " backend's array loop, AVX-512 kernel where the CPU has it; vl: verilator://, single-threaded model; vl2: the same RTL built\n"
              " with --threads 2; cycles/step include the packets of the exchange)\n");
}

// fixed:// (the array's kernels behind the device API) against the bare array (run_array, the
// same kernel with no device around it) and fixed-link:// (the scalar link core behind packets),
// the three in turn over three rounds, medians.
void fixed_against_array() {
  std::printf("fixed:// against the bare fixed-point array and fixed-link:// (medians of 3 rounds, neuron-updates/s)\n");
  std::printf("%6s %8s %8s %13s %13s %13s %12s %12s\n", "tiles", "size", "neurons", "fixed:// /s", "array /s",
              "fixed-link /s", "fixed/array", "fixed/link");
  for (const auto& [tiles, size] : {std::pair{1, 32}, std::pair{4, 32}, std::pair{16, 32}, std::pair{64, 64}}) {
    const auto layout = chip(tiles, size);
    const std::uint64_t steps = tiles == 64 ? 4000 : 20000;
    double fixed[3], array[3], link[3];
    for (int round = 0; round < 3; ++round) {
      auto device = open_device("fixed://"), linked = open_device("fixed-link://");
      fixed[round] = timed_run(*device, layout, steps).seconds;
      const auto start = Clock::now();
      run_array(layout.spec, Backend::fixed, static_cast<long>(steps), layout.seed, layout.inputs);
      array[round] = since(start);
      link[round] = timed_run(*linked, layout, steps).seconds;
    }
    const auto median = [](double* v) { std::sort(v, v + 3); return v[1]; };
    const double n = layout.spec.neurons() * double(steps), f = median(fixed), a = median(array), l = median(link);
    std::printf("%6d %8d %8d %13.3g %13.3g %13.3g %12.3f %12.2f\n", tiles, size, layout.spec.neurons(), n / f, n / a,
                n / l, a / f, l / f);
  }
  std::printf("(fixed/array > 1: fixed:// faster than the bare array loop, which draws its inputs as it steps)\n\n");
}

void exchange_cost() {
  std::printf("\nper-step exchange: one run() per step against one run() for all steps (best of 3 each)\n");
  std::printf("%-14s %8s %16s %16s %18s\n", "device", "neurons", "batch us/step", "stepwise us/step", "exchange cost us");
  for (const auto& [tiles, size] : {std::pair{1, 1}, std::pair{16, 32}}) {
    const auto layout = chip(tiles, size);
    for (const char* uri : {"fixed-link://", "verilator://"}) {
      auto device = open_device(uri);
      const std::uint64_t steps = tiles == 1 ? 20000 : 500;
      double batch = 1e9, stepwise = 1e9;
      for (int repeat = 0; repeat < 3; ++repeat) {
        batch = std::min(batch, timed_run(*device, layout, steps).seconds / double(steps) * 1e6);
        stepwise = std::min(stepwise, seconds_stepwise(*device, layout, steps) / double(steps) * 1e6);
      }
      std::printf("%-14s %8d %16.2f %16.2f %18.2f\n", uri, layout.spec.neurons(), batch, stepwise, stepwise - batch);
    }
  }
}

void platform_speed() {
  std::printf("\nsystemc:// against verilator:// (the same steps, best of 3 wall times)\n");
  std::printf("%-22s %8s %8s %12s %14s %16s %12s\n", "device", "tiles", "steps", "wall s", "wall / vl", "simulated ms", "board cycles");
  for (int tiles : {1, 16}) {
    const auto layout = chip(tiles, 32);
    const std::uint64_t steps = 1000;
    double baseline = 0;
    for (const char* uri : {"verilator://", "systemc://?link=pcie", "systemc://?link=usb3"}) {
      auto device = open_device(uri);
      double wall = 1e9, simulated = 0;
      std::uint64_t cycles = 0;
      for (int repeat = 0; repeat < 3; ++repeat) {
        auto* clock = device->simulated_clock();
        const double simulated_start = clock ? clock->now_s() : 0;
        const auto t = timed_run(*device, layout, steps);
        wall = std::min(wall, t.seconds);
        cycles = t.cycles;
        if (clock) simulated = clock->now_s() - simulated_start;  // the load and the run
      }
      if (baseline == 0) baseline = wall;
      std::printf("%-22s %8d %8llu %12.3f %14.2f %16.3f %12llu\n", uri, tiles, static_cast<unsigned long long>(steps), wall,
                  wall / baseline, 1e3 * simulated, static_cast<unsigned long long>(cycles));
    }
  }
  std::printf("(simulated ms: the load and the run on the modelled board and link; board cycles: the run only)\n");
}

void model_build_time() {
  const auto dir = std::filesystem::temp_directory_path() / "ionarray-model-build";
  std::filesystem::remove_all(dir);
  for (const char* threads : {"", " --threads 2"}) {
    const std::string cmd = std::string(IONARRAY_VERILATOR) + " --cc --build -j 1 -Wall --Mdir " + dir.string() +
                            " --top-module ionarray_array_core " + IONARRAY_DEVICE_MODEL_ARGS + threads + " " +
                            IONARRAY_DEVICE_MODEL_SOURCES + " > " + (dir.string() + ".log") + " 2>&1";
    const auto start = Clock::now();
    const int status = std::system(cmd.c_str());
    const double seconds = since(start);
    std::filesystem::remove_all(dir);
    if (status != 0) {
      std::printf("model build%s failed: see %s.log\n", threads, dir.string().c_str());
      return;
    }
    std::printf("device model build (16 tiles of 32 x 32%s, verilate + compile, one job): %.1f s\n", threads, seconds);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::string part = argc > 1 ? argv[1] : "";
  if (part == "platform") {
    platform_speed();
    return 0;
  }
  fixed_against_array();
  if (part == "fixed") return 0;
  throughput();
  if (part == "throughput") return 0;
  exchange_cost();
  platform_speed();
  std::printf("\n");
  model_build_time();
}
