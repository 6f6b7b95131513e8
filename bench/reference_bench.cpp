// Reference-model throughput: neuron-steps per second on one core, for the published sets with
// noise on, next to a baseline measured in the same run (a plain RC leaky integrator stepped
// the same way), so the figures survive a noisy shared machine as ratios.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "fixed/fixed_neuron.hpp"
#include "reference/circuits.hpp"

namespace rf = ionarray::reference;

namespace {

void neuron_steps(benchmark::State& state, const char* set_name) {
  const auto set = rf::named_set(set_name);
  std::vector<rf::NeuronCircuit> neurons;
  for (long d = 0; d < state.range(0); ++d) neurons.emplace_back(set, 1, static_cast<std::uint64_t>(d));
  long k = 0;
  for (auto _ : state) {
    const double v_in = k++ % 40 < 5 ? 2.5 : 0.0;
    for (auto& n : neurons) benchmark::DoNotOptimize(n.step(v_in));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void fixed_steps(benchmark::State& state, const char* set_name) {
  const auto set = rf::named_set(set_name);
  const auto config = ionarray::fixed::configure(set, 2.5);
  std::vector<ionarray::fixed::FixedNeuron> neurons;
  for (long d = 0; d < state.range(0); ++d) neurons.emplace_back(config, set, 1, static_cast<std::uint64_t>(d));
  const std::int32_t high = ionarray::fixed::to_volts_word(2.5, "v");
  long k = 0;
  for (auto _ : state) {
    const std::int32_t v_in = k++ % 40 < 5 ? high : 0;
    for (auto& n : neurons) benchmark::DoNotOptimize(n.step_word(v_in));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Baseline: the same loop over a linear RC node (no device physics, no noise).
void rc_baseline(benchmark::State& state) {
  std::vector<double> vm(static_cast<std::size_t>(state.range(0)), 0.0);
  const double dt_over_c = 1e-6 / 4.7e-9, g_in = 1 / 47e3, g_leak = 1 / 1e6;
  long k = 0;
  for (auto _ : state) {
    const double v_in = k++ % 40 < 5 ? 2.5 : 0.0;
    for (auto& v : vm) v += dt_over_c * ((v_in - v) * g_in - v * g_leak);
    benchmark::DoNotOptimize(vm.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Console output plus, at the end, every result as a ratio to the baseline of the same size.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      const auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) rates_[r.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nneuron-steps/s on one core, and as a fraction of the RC baseline of the same size:\n");
    for (const auto& [name, rate] : rates_) {
      const auto size = name.substr(name.rfind('/'));
      const auto base = rates_.find("rc_baseline" + size);
      if (name.starts_with("rc_baseline") || base == rates_.end()) continue;
      std::printf("  %-28s %10.3g /s   %.3f x baseline (%.3g /s)\n", name.c_str(), rate, rate / base->second,
                  base->second);
    }
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace

BENCHMARK(rc_baseline)->Arg(1)->Arg(256)->Arg(4096);
BENCHMARK_CAPTURE(neuron_steps, lif, "lif")->Arg(1)->Arg(256)->Arg(4096);
BENCHMARK_CAPTURE(neuron_steps, oscillator, "oscillator")->Arg(1)->Arg(256)->Arg(4096);
BENCHMARK_CAPTURE(fixed_steps, lif, "lif")->Arg(1)->Arg(256)->Arg(4096);
BENCHMARK_CAPTURE(fixed_steps, oscillator, "oscillator")->Arg(1)->Arg(256)->Arg(4096);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
}
