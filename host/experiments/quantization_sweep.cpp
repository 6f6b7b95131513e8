#include "experiments/quantization_sweep.hpp"

#include <cmath>
#include <cstdint>

#include "analysis/spike_match.hpp"
#include "experiments/accuracy.hpp"
#include "experiments/neuron_run.hpp"
#include "ionarray/fixed_point.hpp"
#include "io/param_file.hpp"

namespace ionarray {

nlohmann::json quantization_sweep(std::uint64_t seed, const StopRequest& stop) {
  // Smaller versions of the neuron scenarios of `ionarray accuracy`, to keep the sweep quick.
  const AccuracyScenario scenarios[] = {
      {.name = "lif-deterministic", .set = "lif", .c2c = false, .d2d = 0.1, .devices = 1024, .steps = 3000},
      {.name = "oscillator-stochastic", .set = "oscillator", .c2c = true, .d2d = 0, .devices = 1024, .steps = 50000},
  };
  const fixed::Precision precisions[] = {{17, 0}, {14, 0}, {12, 0}, {10, 0}, {17, 2}, {17, 4}, {17, 6}, {17, 8}};
  static_assert(sizeof(scenarios) / sizeof(scenarios[0]) * sizeof(precisions) / sizeof(precisions[0]) == kQuantizationSweepRows);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& sc : scenarios) {
    auto set = resolve_parameter_set(sc.set);
    set.device.c2c = sc.c2c;
    set.device.d2d = sc.d2d;
    const auto drive = make_drive(set);
    if (stop_requested(stop)) break;
    const auto ref = run_neurons(set, drive, Backend::reference, sc.devices, sc.steps, seed, {}, 0, {}, stop);
    if (ref.stopped) break;
    for (const auto& p : precisions) {
      const auto fx = run_neurons(set, drive, Backend::fixed, sc.devices, sc.steps, seed, {}, 0, p, stop);
      if (fx.stopped) return rows;
      const auto first = compare_spikes(ref.spike_steps, fx.spike_steps, kMatchTolerance, kMatchLimit);
      const auto all = compare_spikes(ref.spike_steps, fx.spike_steps, kMatchTolerance, SIZE_MAX);
      // State memory per neuron at these widths: f, r (26 bits), s (24), Vm (27), less the drop,
      // plus the conductance coefficient, the detector bit and the 64-bit noise state.
      const int state_bits = 4 * (-p.state_drop) + 26 + 26 + 24 + 27 + (p.mantissa_bits + 8) + 1 + 64;
      rows.push_back({{"scenario", sc.name},
                      {"mantissa_bits", p.mantissa_bits},
                      {"state_fraction_bits_dropped", p.state_drop},
                      {"state_bits_per_neuron", state_bits},
                      {"first_1000_matched", first.matched_share()},
                      {"all_matched", all.matched_share()},
                      {"rate_error", all.rate_error()},
                      {"saturations", fx.saturations}});
    }
  }
  return rows;
}

}  // namespace ionarray
