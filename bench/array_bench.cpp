// Array throughput: neuron updates per second on one core for chains of 1, 256 and 4096 neurons
// at about 2 % spike activity, for the fixed-point backend (its automatic kernel, AVX-512 where
// the CPU has it, and the scalar golden model), the reference model and Brian2 (Debian's
// python3-brian, cython target) simulating the same reference equations on the same network, all
// in the same run. Prints ratios against the reference model and Brian2. Each figure is the
// median of three runs.
//
//   ionarray_array_bench [STEPS]
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "brian2_export.hpp"

#include "experiments/array_run.hpp"
#include "ionarray/tile_engine.hpp"

using namespace ionarray;

namespace {

struct Timed {
  double seconds = 0;
  std::size_t spikes = 0;
};

Timed timed_run(const reference::ArraySpec& spec, Backend backend, long steps,
                fixed::Kernel kernel = fixed::Kernel::automatic) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_array(spec, backend, steps, 1, ring_head_input(spec), {}, kernel);
  Timed t{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0};
  for (const auto& n : r.spike_steps) t.spikes += n.size();
  return t;
}

double median(std::array<double, 3> values) {
  std::sort(values.begin(), values.end());
  return values[1];
}

double brian2_rate(const reference::ArraySpec& spec, long steps) {
  const auto dir = std::filesystem::temp_directory_path() / "ionarray-brian2";
  std::filesystem::create_directories(dir);
  const auto net = dir / "network.json", result = dir / "result.json";
  bench::export_network(spec, net);
  const std::string cmd = fmt::format("/usr/bin/python3 {}/bench/brian2_network.py {} {} > {} 2> {}", IONARRAY_SOURCE_DIR,
                                      net.string(), steps, result.string(), (dir / "brian2.log").string());
  if (std::system(cmd.c_str()) != 0) {
    fmt::print("  brian2: failed (see {}); install python3-brian\n", (dir / "brian2.log").string());
    return 0;
  }
  return nlohmann::json::parse(std::ifstream(result))["neuron_updates_per_s"].get<double>();
}

}  // namespace

int main(int argc, char** argv) {
  const long steps = argc > 1 ? std::atol(argv[1]) : 20000;
  fmt::print("rings of 4 tiles of lif neurons (C2C on), Poisson input 1 %/row/step into each ring, {} steps, one core\n", steps);
  const auto kernel = fixed::resolve_kernel(fixed::Kernel::automatic);
  fmt::print("fixed-point kernel: {}\n", fixed::kernel_name(kernel));
  fmt::print("{:>8} {:>9} {:>14} {:>14} {:>14} {:>14} {:>10} {:>10} {:>10}\n", "neurons", "activity", "fixed /s",
             "scalar /s", "reference /s", "brian2 /s", "fixed/ref", "fixed/b2", "fx/scalar");
  for (const auto& [tiles, size] : {std::pair{1, 1}, std::pair{4, 64}, std::pair{64, 64}}) {
    const auto spec = chain_spec(tiles, size, true, 1);
    const long n = spec.neurons();
    const long s = n >= 4096 ? steps / 4 : steps;
    // Three rounds, the backends in turn, and the median of each: a shared machine's slow spells
    // then touch every backend alike and one of them does not decide a ratio.
    std::array<double, 3> fx_seconds{}, scalar_seconds{}, ref_seconds{}, b2_rates{};
    std::size_t spikes = 0;
    for (std::size_t round = 0; round < 3; ++round) {
      const auto fx = timed_run(spec, Backend::fixed, s, kernel);
      fx_seconds[round] = fx.seconds, spikes = fx.spikes;
      scalar_seconds[round] = timed_run(spec, Backend::fixed, s, fixed::Kernel::scalar).seconds;
      ref_seconds[round] = timed_run(spec, Backend::reference, s).seconds;
      b2_rates[round] = brian2_rate(spec, s);
    }
    const auto rate = [&](const std::array<double, 3>& seconds) { return double(n) * double(s) / median(seconds); };
    const double fx = rate(fx_seconds), scalar = rate(scalar_seconds), ref = rate(ref_seconds), b2 = median(b2_rates);
    fmt::print("{:>8} {:>8.2f}% {:>14.3g} {:>14.3g} {:>14.3g} {:>14.3g} {:>10.2f} {:>10.1f} {:>10.2f}\n", n,
               100.0 * double(spikes) / double(n * s), fx, scalar, ref, b2, fx / ref, b2 > 0 ? fx / b2 : 0.0, fx / scalar);
  }
  fmt::print("state per neuron (fixed): {} bytes of state + {} bytes of coefficients; per synapse: {} bytes\n",
             sizeof(fx::NeuronState), sizeof(fx::DeviceCoefs), sizeof(std::uint16_t));
}
