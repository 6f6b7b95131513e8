#include "experiments/accuracy.hpp"

#include <cmath>
#include <cstdint>

#include "analysis/distribution_distance.hpp"
#include "analysis/switching_stats.hpp"
#include "experiments/array_run.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/pulse_test.hpp"
#include "experiments/neuron_run.hpp"
#include "io/param_file.hpp"

namespace ionarray {

std::vector<AccuracyScenario> default_accuracy_scenarios() {
  // Deterministic scenarios differ device to device (d2d) so that 1000+ spikes are compared;
  // stochastic ones need ~10^4 spikes for a rate comparison at the 1 % level.
  return {
      {.name = "lif-deterministic", .set = "lif", .c2c = false, .d2d = 0.1, .devices = 1024, .steps = 3000},
      {.name = "oscillator-deterministic", .set = "oscillator", .c2c = false, .d2d = 0.1, .devices = 1024, .steps = 8000},
      {.name = "lif-stochastic", .set = "lif", .c2c = true, .d2d = 0, .devices = 4096, .steps = 3000},
      {.name = "oscillator-stochastic", .set = "oscillator", .c2c = true, .d2d = 0, .devices = 4096, .steps = 50000},
      {.name = "array-chain-deterministic", .set = "lif", .c2c = false, .d2d = 0.05, .devices = 256, .steps = 5000, .array = true},
      {.name = "array-chain-stochastic", .set = "lif", .c2c = true, .d2d = 0.05, .devices = 256, .steps = 100000, .array = true},
  };
}

bool AccuracyResult::meets_target() const {
  return scenario.c2c ? std::abs(agreement.rate_error()) <= 0.01 : agreement.matched_share() >= 0.99;
}

namespace {
AccuracyResult compare(const AccuracyScenario& sc, const std::vector<std::vector<long>>& ref,
                       const std::vector<std::vector<long>>& fx, std::uint64_t saturations, double dt, int devices) {
  AccuracyResult r{.scenario = sc, .agreement = compare_spikes(ref, fx, kMatchTolerance, kMatchLimit)};
  const double device_seconds = dt * static_cast<double>(sc.steps) * devices;
  r.reference_rate_hz = static_cast<double>(r.agreement.reference_total) / device_seconds;
  r.fixed_rate_hz = static_cast<double>(r.agreement.other_spikes) / device_seconds;
  r.all_spikes_matched = compare_spikes(ref, fx, kMatchTolerance, SIZE_MAX).matched_share();
  r.saturations = saturations;
  return r;
}
}  // namespace

AccuracyResult run_accuracy(const AccuracyScenario& sc, std::uint64_t seed, const StopRequest& stop) {
  if (sc.array) {
    const auto spec = chain_demo_spec(sc.c2c, seed);
    const auto ref = run_array(spec, Backend::reference, sc.steps, seed, ring_head_input(spec));
    const auto fx = run_array(spec, Backend::fixed, sc.steps, seed, ring_head_input(spec));
    return compare(sc, ref.spike_steps, fx.spike_steps, fx.saturations, spec.neuron.circuit.dt, spec.neurons());
  }
  auto set = resolve_parameter_set(sc.set);
  set.device.c2c = sc.c2c;
  set.device.d2d = sc.d2d;
  const auto drive = make_drive(set);
  const auto ref = run_neurons(set, drive, Backend::reference, sc.devices, sc.steps, seed, {}, 0, {}, stop);
  if (ref.stopped) return {.scenario = sc, .stopped = true};
  const auto fx = run_neurons(set, drive, Backend::fixed, sc.devices, sc.steps, seed, {}, 0, {}, stop);
  if (fx.stopped) return {.scenario = sc, .stopped = true};
  return compare(sc, ref.spike_steps, fx.spike_steps, fx.saturations, set.circuit.dt, sc.devices);
}

nlohmann::json device_statistics_accuracy(std::uint64_t seed) {
  // Each fitted set on both backends: the statistics, and the KS distance between the two
  // backends' distributions of each.
  nlohmann::json out = nlohmann::json::array();
  const std::string dir = IONARRAY_SOURCE_DIR "/params/fitted/";
  for (const char* name : {"dc-symmetric", "dc-asymmetric"}) {
    const auto set = load_parameter_file(dir + name + ".toml");
    const auto protocol = default_dc_protocol(set);
    const auto ref = run_dc_sweep(set, protocol, 200, seed, Backend::reference);
    const auto fx = run_dc_sweep(set, protocol, 200, seed, Backend::fixed);
    const auto rs = sweep_samples(ref), fs = sweep_samples(fx);
    out.push_back({{"name", std::string(name) + " (fitted), 200 DC sweeps"},
                   {"reference", to_json(sweep_stats(ref))},
                   {"fixed", to_json(sweep_stats(fx))},
                   {"ks_reference_fixed", {{"vth", ks_distance(rs.vth, fs.vth)}, {"vhold", ks_distance(rs.vhold, fs.vhold)}}}});
  }
  // The published model's fit and the one with the residue spread (the optional extension).
  for (const char* name : {"pulse", "pulse-residue-spread"}) {
    const auto set = load_parameter_file(dir + name + ".toml");
    const auto ref = run_pulse_trials(set, PulseProtocol{}, 100, seed, Backend::reference);
    const auto fx = run_pulse_trials(set, PulseProtocol{}, 100, seed, Backend::fixed);
    const auto rs = pulse_samples(ref), fs = pulse_samples(fx);
    out.push_back({{"name", std::string(name) + " (fitted), 100 trials"},
                   {"reference", to_json(pulse_stats(ref))},
                   {"fixed", to_json(pulse_stats(fx))},
                   {"ks_reference_fixed", {{"delay", ks_distance(rs.delay, fs.delay)}, {"relax", ks_distance(rs.relax, fs.relax)}}}});
  }
  return out;
}

nlohmann::json to_json(const AccuracyResult& r) {
  return {{"scenario", r.scenario.name},
          {"set", r.scenario.set},
          {"c2c", r.scenario.c2c},
          {"d2d", r.scenario.d2d},
          {"devices", r.scenario.devices},
          {"steps", r.scenario.steps},
          {"reference_spikes", r.agreement.reference_total},
          {"fixed_spikes", r.agreement.other_spikes},
          {"compared_spikes", r.agreement.reference_spikes},
          {"matched_within_2_steps", r.agreement.matched_share()},
          {"all_spikes_matched_within_2_steps", r.all_spikes_matched},
          {"rate_error", r.agreement.rate_error()},
          {"reference_rate_hz", r.reference_rate_hz},
          {"fixed_rate_hz", r.fixed_rate_hz},
          {"saturations", r.saturations},
          {"target", r.scenario.c2c ? "|rate error| <= 1 %" : ">= 99 % of the first 1000 spikes within +-2 steps"},
          {"meets_target", r.meets_target()}};
}

}  // namespace ionarray
