// The drift-memristor synapse (VTEAM) and its programming by overlapping pre- and postsynaptic
// pulses, checked against the model's equations worked out by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "reference/device_params.hpp"
#include "reference/plastic_tile.hpp"

using namespace ionarray::reference;

namespace {

// The published thresholds, with rates slow enough that one step moves x by a small amount.
SynapseParams slow_vteam() {
  auto p = named_synapse_set("vteam");
  p.k_on = -1e4;
  p.k_off = 1e4;
  return p;
}

DriftSynapse device(const SynapseParams& p, std::uint64_t seed = 1, std::uint64_t index = 0) {
  ionarray::noise::NoiseStream draws(seed, index, ionarray::noise::Stream::device_to_device);
  return DriftSynapse(p, draws);
}

// A memristive STDP scheme (the pre- and postsynaptic waveforms each below both thresholds, their
// overlaps beyond one of them) for the published thresholds v_on = -0.2 V, v_off = 0.02 V.
PulseScheme stdp_scheme() {
  return {.pre_head = 0.015, .pre_tail = -0.15, .pre_head_steps = 1,
          .post_head = 0.15, .post_tail = -0.015, .post_head_steps = 2, .post_tail_steps = 4};
}

// Runs a 1 x 1 tile: the row active for `row_steps` steps from `row_start`, the neuron spiking
// at `spike_step`; returns x after `steps` steps.
double run_pair(const SynapseParams& p, const PulseScheme& scheme, int row_start, int row_steps, int spike_step,
                int steps = 16) {
  PlasticTile tile(p, scheme, 1, 1, 1, 0);
  std::vector<double> g = {p.g_on() * 0.5 + p.g_off() * 0.5};
  tile.program(g);
  for (int k = 0; k < steps; ++k) {
    const int phase = k >= row_start && k < row_start + row_steps ? k - row_start : kIdlePhase;
    const std::vector<int> phases = {phase};
    tile.step(phases, 1e-6, g);
    if (k == spike_step) tile.spiked(0);
  }
  CHECK(g[0] == doctest::Approx(tile.synapse(0, 0).conductance()));
  return tile.synapse(0, 0).x();
}

double x_of_half_conductance(const SynapseParams& p) {
  const double r = 1 / (p.g_on() * 0.5 + p.g_off() * 0.5);
  return (r - p.r_on) / (p.r_off - p.r_on);
}

}  // namespace

TEST_CASE("VTEAM rate: zero between the thresholds, the published power law beyond them") {
  const auto p = named_synapse_set("vteam");
  const auto s = device(p);
  CHECK(s.rate(0) == 0.0);
  CHECK(s.rate(0.0199) == 0.0);
  CHECK(s.rate(-0.1999) == 0.0);
  CHECK(s.rate(0.02) == 0.0);  // at the threshold: the overdrive is zero
  // Above v_off: k_off (v / v_off - 1)^alpha_off, with k_off = 5e-4 m/s over 3 nm, alpha_off = 1.
  CHECK(s.rate(0.03) == doctest::Approx(5e-4 / 3e-9 * 0.5));
  // Below v_on: k_on (v / v_on - 1)^alpha_on, with k_on = -10 m/s over 3 nm, alpha_on = 3.
  CHECK(s.rate(-0.3) == doctest::Approx(-10 / 3e-9 * 0.125));
  CHECK(s.rate(-0.3) < 0);  // toward ON: x falls, the conductance rises
}

TEST_CASE("conductance is linear in resistance between 1/R_off and 1/R_on, and bounded there") {
  const auto p = named_synapse_set("vteam");
  auto s = device(p);
  s.set_x(0);
  CHECK(s.conductance() == doctest::Approx(1 / 50.0));
  s.set_x(1);
  CHECK(s.conductance() == doctest::Approx(1 / 1000.0));
  s.set_x(0.5);
  CHECK(s.conductance() == doctest::Approx(1 / 525.0));
  s.set_conductance(1 / 300.0);
  CHECK(s.x() == doctest::Approx(250.0 / 950.0));
  s.set_conductance(1.0);  // above 1/R_on: the ON bound
  CHECK(s.x() == 0.0);
  s.set_conductance(0.0);  // below 1/R_off: the OFF bound
  CHECK(s.x() == 1.0);
}

TEST_CASE("one Euler step moves x by rate * dt, and stops at the bounds") {
  const auto p = slow_vteam();
  auto s = device(p);
  s.set_x(0.5);
  CHECK(s.step(0.03, 1e-6));
  CHECK(s.x() == doctest::Approx(0.5 + 1e4 * 0.5 * 1e-6));
  CHECK_FALSE(s.step(0.01, 1e-6));  // below v_off: no change
  s.set_x(0.5);
  CHECK(s.step(-0.3, 1e-6, 2.0));  // a cycle-to-cycle factor of 2 doubles the change
  CHECK(s.x() == doctest::Approx(0.5 - 2 * 1e4 * 0.125 * 1e-6));
  for (int k = 0; k < 100000; ++k) s.step(-0.3, 1e-3);
  CHECK(s.x() == 0.0);
  CHECK(s.conductance() == doctest::Approx(p.g_on()));
  CHECK_FALSE(s.step(-0.3, 1e-3));  // at the ON bound: nothing left to move
  for (int k = 0; k < 100000; ++k) s.step(0.05, 1e-3);
  CHECK(s.x() == 1.0);
  CHECK(s.conductance() == doctest::Approx(p.g_off()));
}

TEST_CASE("device-to-device spread varies the thresholds and rates around the nominal set") {
  auto p = slow_vteam();
  CHECK(device(p, 3, 7).params().v_on == p.v_on);  // no spread: the nominal device
  p.d2d = 0.1;
  const auto a = device(p, 3, 7), b = device(p, 3, 8), a_again = device(p, 3, 7);
  CHECK(a.params().v_on != p.v_on);
  CHECK(a.params().v_on != b.params().v_on);
  CHECK(a.params().k_off == a_again.params().k_off);  // the same seed and index: the same device
  double sum = 0, sum2 = 0;
  const int n = 4000;
  for (int k = 0; k < n; ++k) {
    const double rel = device(p, 5, static_cast<std::uint64_t>(k)).params().v_off / p.v_off - 1;
    sum += rel;
    sum2 += rel * rel;
  }
  CHECK(std::abs(sum / n) < 0.01);
  CHECK(std::sqrt(sum2 / n) == doctest::Approx(0.1).epsilon(0.05));
}

TEST_CASE("neither pulse alone programs a synapse") {
  const auto p = slow_vteam();
  const double x0 = x_of_half_conductance(p);
  CHECK(run_pair(p, stdp_scheme(), 0, 4, -1) == doctest::Approx(x0));   // presynaptic pulse only
  CHECK(run_pair(p, stdp_scheme(), -1, 0, 2) == doctest::Approx(x0));   // the neuron's spike only (the row floats)
  auto grounded = stdp_scheme();
  grounded.idle_rows_grounded = true;
  CHECK(run_pair(p, grounded, -1, 0, 2) == doctest::Approx(x0));  // grounded: -post stays within the thresholds
}

TEST_CASE("pre before post potentiates, post before pre depresses, by the overlaps' steps") {
  const auto p = slow_vteam();
  const double x0 = x_of_half_conductance(p), dt = 1e-6;
  // Row active at steps 0..3 (head at 0, tail 1..3); spike at step 1: the column's head covers
  // steps 2 and 3, both under the row's tail: -0.15 - 0.15 = -0.3 V twice.
  const double ltp = run_pair(p, stdp_scheme(), 0, 4, 1);
  CHECK(ltp == doctest::Approx(x0 + 2 * p.k_on * std::pow(-0.3 / p.v_on - 1, p.alpha_on) * dt));
  CHECK(ltp < x0);  // x toward ON: the conductance rose
  // Spike at step 0: the column's head covers steps 1, 2 and its tail 3..6; the row, active at
  // steps 4..7, puts its head on the tail at step 4: 0.015 + 0.015 = 0.03 V once.
  const double ltd = run_pair(p, stdp_scheme(), 4, 4, 0);
  CHECK(ltd == doctest::Approx(x0 + p.k_off * std::pow(0.03 / p.v_off - 1, p.alpha_off) * dt));
  CHECK(ltd > x0);
  // Far apart (spike at step 0, row from step 10): no overlap, no change.
  CHECK(run_pair(p, stdp_scheme(), 10, 4, 0) == doctest::Approx(x0));
}

TEST_CASE("grounded idle rows are depressed by a column tail that passes v_off on its own") {
  const auto p = slow_vteam();
  auto scheme = stdp_scheme();
  scheme.idle_rows_grounded = true;
  scheme.post_tail = -0.025;  // an idle row sees +0.025 V: past v_off = 0.02 V
  const double x0 = x_of_half_conductance(p);
  // Spike at step 0: tail at steps 3..6, four steps of 0 - (-0.025) V.
  CHECK(run_pair(p, scheme, -1, 0, 0) == doctest::Approx(x0 + 4 * p.k_off * (0.025 / 0.02 - 1) * 1e-6));
  scheme.idle_rows_grounded = false;  // floating: nothing
  CHECK(run_pair(p, scheme, -1, 0, 0) == doctest::Approx(x0));
}

TEST_CASE("cycle-to-cycle spread scales each change around the nominal one") {
  auto p = slow_vteam();
  p.c2c = 0.2;
  PlasticTile tile(p, {.pre_head = 0.03, .pre_head_steps = 1}, 1, 200, 9, 0);  // the head alone passes v_off
  std::vector<double> g(200, p.g_on());
  tile.program(g);
  const std::vector<int> active = {0};
  CHECK(tile.step(active, 1e-6, g) == 200);
  const double nominal = p.k_off * 0.5 * 1e-6;
  double sum = 0, sum2 = 0;
  for (int j = 0; j < 200; ++j) {
    const double rel = tile.synapse(0, j).x() / nominal - 1;
    sum += rel;
    sum2 += rel * rel;
    CHECK(g[static_cast<std::size_t>(j)] == doctest::Approx(tile.synapse(0, j).conductance()));
  }
  CHECK(std::abs(sum / 200) < 0.05);
  CHECK(std::sqrt(sum2 / 200) == doctest::Approx(0.2).epsilon(0.2));
}

TEST_CASE("synapse parameter validation names the field and what is allowed") {
  auto p = named_synapse_set("vteam");
  CHECK_NOTHROW(validate(p));
  p.v_on = 0.1;
  CHECK_THROWS_WITH_AS(validate(p), doctest::Contains("synapse.v_on = 0.1 is out of range"), ParameterError);
  p = named_synapse_set("vteam");
  p.r_off = 10;
  try {
    validate(p);
    FAIL("r_off below r_on accepted");
  } catch (const ParameterError& e) {
    CHECK(e.field() == "synapse.r_off");
  }
  CHECK_THROWS_WITH_AS(named_synapse_set("vtaem"), doctest::Contains("known sets: vteam"), ParameterError);
}
