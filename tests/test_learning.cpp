// examples/learning/: four noisy 8 x 8 patterns learnt without supervision by four output
// neurons with lateral inhibition, their pixel synapses programmed by their own spikes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "io/csv_reader.hpp"
#include "layout/layout.hpp"

using namespace ionarray;

namespace {

std::string learning(const std::string& name) { return std::string(IONARRAY_SOURCE_DIR) + "/examples/learning/" + name; }

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i] / n, mb += b[i] / n;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) * (a[i] - ma);
    vb += (b[i] - mb) * (b[i] - mb);
  }
  return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
}

// Trains on `backend`, then checks what the network learnt and how it classifies.
void check_learning(const std::string& backend) {
  constexpr std::size_t kPixels = 64, kOutputs = 4;
  const auto layout = load_layout(learning("patterns.toml"));
  REQUIRE(layout.spec.plasticity.any());
  // The four images and the presentation windows, as make_inputs.py wrote them.
  std::vector<std::vector<double>> patterns(kOutputs, std::vector<double>(kPixels));
  for (const auto& r : read_numeric_csv(learning("patterns.csv"), {"pattern", "row", "lit"}).rows)
    patterns[static_cast<std::size_t>(r[0])][static_cast<std::size_t>(r[1])] = r[2];
  const auto windows = read_numeric_csv(learning("presentations.csv"), {"first_step", "last_step", "pattern", "test"}).rows;
  std::uint64_t train_end = 0;
  for (const auto& w : windows)
    if (w[3] == 0) train_end = std::max(train_end, static_cast<std::uint64_t>(w[1]) + 1);

  auto device = open_device(backend);
  device->load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto initial = device->read_conductances(0);
  auto spikes = device->run(train_end, next_inputs(schedule, static_cast<long>(train_end)));
  const auto learnt = device->read_conductances(0);

  // Each neuron's 64 pixel synapses against each pattern, before and after training.
  const auto weights = [&](const std::vector<double>& g, std::size_t j) {
    std::vector<double> w(kPixels);
    for (std::size_t i = 0; i < kPixels; ++i) w[i] = g[i * kOutputs + j];
    return w;
  };
  std::vector<int> claimed_by(kOutputs, -1);
  std::set<int> claimants;
  for (std::size_t p = 0; p < kOutputs; ++p) {
    double best = -1, best_before = -1;
    for (std::size_t j = 0; j < kOutputs; ++j) {
      const double c = correlation(weights(learnt, j), patterns[p]);
      if (c > best) best = c, claimed_by[p] = static_cast<int>(j);
      best_before = std::max(best_before, correlation(weights(initial, j), patterns[p]));
    }
    MESSAGE("pattern " << p << ": neuron " << claimed_by[p] << ", correlation " << best << " (before training at most "
                       << best_before << ")");
    CHECK(best > 0.8);
    CHECK(best_before < 0.5);  // learnt, not given: the random start matches no pattern
    claimants.insert(claimed_by[p]);
  }
  CHECK(claimants.size() == kOutputs);  // four patterns, four different neurons

  // Classification of the noisy test presentations: the neuron that fires most in each window.
  const auto rest = static_cast<std::uint64_t>(layout.steps) - train_end;
  spikes = device->run(rest, next_inputs(schedule, static_cast<long>(rest)));
  int right = 0, tests = 0;
  for (const auto& w : windows) {
    if (w[3] != 1) continue;
    std::vector<int> count(kOutputs, 0);
    for (const auto& s : spikes)
      if (s.step >= static_cast<std::uint64_t>(w[0]) && s.step <= static_cast<std::uint64_t>(w[1])) ++count[static_cast<std::size_t>(s.neuron)];
    const auto winner = std::max_element(count.begin(), count.end()) - count.begin();
    ++tests;
    right += count[static_cast<std::size_t>(winner)] > 0 && claimed_by[static_cast<std::size_t>(w[2])] == winner;
  }
  MESSAGE(right << " of " << tests << " noisy test patterns classified");
  CHECK(tests == 40);
  CHECK(right >= 36);  // 90 %
}

}  // namespace

TEST_CASE("examples/learning on reference://: each pattern is claimed by its own neuron, whose weights correlate with it above 0.8") {
  check_learning("reference://");
}

TEST_CASE("examples/learning on fixed://: each pattern is claimed by its own neuron, whose weights correlate with it above 0.8") {
  check_learning("fixed://");
}

TEST_CASE("examples/learning on verilator:// and fixed-link://: fixed://'s weights and spikes, bit for bit, while they learn") {
  // (the first 2000 steps: the RTL runs some 500 steps a second; the synapses move from the first spikes on)
  constexpr std::uint64_t kStretch = 500, kStretches = 4;
  const auto layout = load_layout(learning("patterns.toml"));
  for (const char* backend : {"fixed-link://", "verilator://"}) {
    INFO(backend);
    auto fixed_run = open_device("fixed://");
    auto tested = open_device(backend);
    fixed_run->load(layout);
    tested->load(layout);
    InputSchedule expected_inputs(layout.spec, layout.inputs), tested_inputs(layout.spec, layout.inputs);
    const auto start = fixed_run->read_conductances(0);
    CHECK(tested->read_conductances(0) == start);
    std::size_t changed = 0;
    for (std::uint64_t k = 0; k < kStretches; ++k) {
      const auto expected = fixed_run->run(kStretch, next_inputs(expected_inputs, static_cast<long>(kStretch)));
      CHECK(tested->run(kStretch, next_inputs(tested_inputs, static_cast<long>(kStretch))) == expected);
      const auto weights = fixed_run->read_conductances(0);
      REQUIRE(tested->read_conductances(0) == weights);
      changed = static_cast<std::size_t>(std::inner_product(weights.begin(), weights.end(), start.begin(), std::size_t{0},
                                                            std::plus<>(), std::not_equal_to<>()));
    }
    MESSAGE(std::string(backend) << ": " << changed << " synapses changed, every word equal to fixed://'s");
    CHECK(changed > 100);  // the comparison covers synapses the spikes programmed
  }
}
