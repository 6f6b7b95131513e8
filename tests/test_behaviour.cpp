// Behaviours of the diffusive-memristor neuron that the reference model must reproduce, each on
// the parameter set where the source demonstrates it. Deterministic checks turn the
// cycle-to-cycle noise off; stochastic ones count over seeds.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "reference/circuits.hpp"
#include "reference/drive.hpp"
#include "quiet_set.hpp"

using namespace ionarray::reference;
using ionarray::testing::quiet;

namespace {

using Input = std::function<double(long)>;

std::vector<long> spikes(const ParameterSet& s, long steps, const Input& v_in, std::uint64_t seed = 1) {
  NeuronCircuit n(s, seed, 0);
  std::vector<long> out;
  for (long k = 0; k < steps; ++k)
    if (n.step(v_in(k))) out.push_back(k);
  return out;
}

// A rectangular pulse of `amplitude` for `width` steps from `start`.
Input pulse(double amplitude, long start, long width) {
  return [=](long k) { return k >= start && k < start + width ? amplitude : 0.0; };
}

// 2.5 V x 5 us input pulses every `period` us (lif set, dt = 1 us), from t = 0.
Input train(long period, double amplitude = 2.5) {
  return [=](long k) { return k % period < 5 ? amplitude : 0.0; };
}

}  // namespace

TEST_CASE("threshold switching under a DC sweep, then volatile relaxation within milliseconds") {
  const auto s = quiet("dc-symmetric");
  SeriesCircuit c(s, 1);
  double v_switch = -1;
  for (int k = 1; k <= 100 && v_switch < 0; ++k)
    for (int n = 0; n < 22; ++n)
      if (c.step(0.006 * k) > 10e-9 && v_switch < 0) v_switch = 0.006 * k;
  CHECK(v_switch > 0.15);  // OFF at low voltage...
  CHECK(v_switch < 0.5);   // ...ON well inside the sweep
  CHECK(c.device().resistance() < 1e7);
  int relax_steps = 0;
  while (c.device().resistance() < 1e9 && relax_steps < 10000) {
    c.step(0.0);
    ++relax_steps;
  }
  const double relax_s = relax_steps * s.circuit.dt;
  MESSAGE("switched at " << v_switch << " V; relaxed above 1 Gohm after " << relax_s * 1e3 << " ms at 0 V");
  CHECK(relax_s > 1e-3);
  CHECK(relax_s < 1.0);
}

TEST_CASE("leaky integration: longer gaps between input pulses need more pulses, or never fire") {
  const auto s = quiet("lif");
  auto pulses_to_fire = [&](long period) {
    const auto sp = spikes(s, 5000, train(period));
    return sp.empty() ? -1L : sp.front() / period + 1;
  };
  const long at40 = pulses_to_fire(40), at80 = pulses_to_fire(80), at160 = pulses_to_fire(160);
  MESSAGE("pulses to first spike: period 40 us -> " << at40 << ", 80 us -> " << at80 << ", 160 us -> " << at160);
  REQUIRE(at40 > 1);
  REQUIRE(at80 > 0);
  CHECK(at80 > at40);
  CHECK((at160 == -1 || at160 > at80));
}

TEST_CASE("threshold firing: a single pulse fires only above a threshold amplitude") {
  const auto s = quiet("lif");
  std::vector<std::size_t> counts;
  for (double a = 4; a <= 14; a += 1) counts.push_back(spikes(s, 2000, pulse(a, 100, 10)).size());
  CHECK(counts.front() == 0);
  CHECK(counts.back() == 1);
  for (std::size_t k = 1; k < counts.size(); ++k) CHECK(counts[k] >= counts[k - 1]);
}

TEST_CASE("refractory period: of two strong stimuli, the second fails below a gap and fires above it") {
  const auto s = quiet("lif");
  auto pair = [&](long gap) {
    return spikes(s, 4000, [=](long k) { return pulse(10, 100, 10)(k) + pulse(10, 100 + gap, 10)(k); }).size();
  };
  CHECK(spikes(s, 4000, pulse(10, 100, 10)).size() == 1);
  CHECK(pair(100) == 1);
  CHECK(pair(400) == 2);
  CHECK(pair(800) == 2);
}

TEST_CASE("firing rate rises with drive (oscillator set, DC, 8 devices)") {
  const auto s = named_set("oscillator");
  std::vector<double> rate;
  for (double v : {0.7, 0.85, 1.0}) {
    std::size_t n = 0;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) n += spikes(s, 50000, [=](long) { return v; }, seed).size();
    rate.push_back(static_cast<double>(n) / 8 / 0.05);
  }
  MESSAGE("rate at 0.7, 0.85, 1.0 V: " << rate[0] << ", " << rate[1] << ", " << rate[2] << " Hz");
  CHECK(rate[0] > 0);
  CHECK(rate[1] > rate[0]);
  CHECK(rate[2] > rate[1]);
}

TEST_CASE("stochastic firing: probability rises sigmoidally with amplitude across seeds") {
  const auto s = named_set("lif");
  std::vector<double> p;
  for (double a = 9.0; a <= 11.01; a += 0.25) {
    int fired = 0;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) fired += !spikes(s, 1000, pulse(a, 100, 10), seed).empty();
    p.push_back(fired / 200.0);
  }
  CHECK(p.front() < 0.1);
  CHECK(p.back() > 0.9);
  int intermediate = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (k > 0) CHECK(p[k] >= p[k - 1] - 0.05);  // monotone up to counting noise
    intermediate += p[k] > 0.1 && p[k] < 0.9;
  }
  CHECK(intermediate >= 1);  // a graded transition, not a hard step
}

TEST_CASE("residue history changes excitability: a recent write leaves residue that eases the next") {
  auto s = quiet("pulse");
  s.device.residue0 = 0;
  auto second_write_switches = [&](double rest_s) {
    SeriesCircuit c(s, 1);
    for (int k = 0; k < 2000; ++k) c.step(1.0);  // 20 ms write: builds residue
    for (long k = 0; k < std::lround(rest_s / s.circuit.dt); ++k) c.step(0.0);
    for (int k = 0; k < 2000; ++k)
      if (c.step(1.0) > 1e-6) return true;
    return false;
  };
  {
    SeriesCircuit fresh(s, 1);
    bool switched = false;
    for (int k = 0; k < 2000; ++k) switched |= fresh.step(1.0) > 1e-6;
    CHECK_FALSE(switched);  // a fresh device does not switch within one write
  }
  CHECK(second_write_switches(2e-3));     // residue still there
  CHECK_FALSE(second_write_switches(0.5)); // residue diffused away
}

TEST_CASE("cascading: one neuron's spike current drives a second neuron to fire") {
  const auto s = quiet("lif");
  // A's output current develops a voltage across a load resistor that drives B's input.
  auto run = [&](double stimulus, double r_load) {
    NeuronCircuit a(s, 1, 0), b(s, 1, 1);
    std::vector<long> sa, sb;
    double v_b = 0;
    for (long k = 0; k < 3000; ++k) {
      if (a.step(pulse(stimulus, 100, 10)(k))) sa.push_back(k);
      if (b.step(v_b)) sb.push_back(k);
      v_b = a.current() * r_load;
    }
    return std::pair{sa, sb};
  };
  const auto [a_on, b_on] = run(10, 250e3);
  REQUIRE(a_on.size() == 1);
  REQUIRE(b_on.size() == 1);
  CHECK(b_on.front() > a_on.front());
  const auto [a_off, b_off] = run(0, 250e3);
  CHECK(a_off.empty());
  CHECK(b_off.empty());
  CHECK(run(10, 100e3).second.empty());  // too weak a coupling does not cascade
}

TEST_CASE("self-oscillation under DC drive (oscillator set)") {
  const auto s = named_set("oscillator");
  const auto sp = spikes(s, 50000, [](long) { return 1.0; }, 1);
  REQUIRE(sp.size() >= 5);
  double sum = 0, sq = 0;
  for (std::size_t k = 1; k < sp.size(); ++k) {
    const double isi = static_cast<double>(sp[k] - sp[k - 1]);
    sum += isi;
    sq += isi * isi;
  }
  const double n = static_cast<double>(sp.size() - 1), mean = sum / n, cv = std::sqrt(sq / n - mean * mean) / mean;
  MESSAGE(sp.size() << " spikes in 50 ms, ISI " << mean << " us, CV " << cv);
  CHECK(cv < 0.5);  // regular, not sporadic
  // In the published set the oscillation is sustained by cycle-to-cycle noise: without it the
  // filament latches ON under 1 V and fires once.
  CHECK(spikes(quiet("oscillator"), 50000, [](long) { return 1.0; }).size() == 1);
}

TEST_CASE("step-size study: spike times converge as dt halves (first order)") {
  const auto base = quiet("lif");
  std::vector<std::vector<double>> times;
  for (double dt : {1e-6, 0.5e-6, 0.25e-6, 0.125e-6}) {
    auto s = base;
    s.circuit.dt = dt;
    const Drive drive({.kind = DriveKind::pulse, .amplitude = 2.5, .width = 5e-6, .period = 40e-6, .delay = 35e-6}, dt);
    NeuronCircuit n(s, 1, 0);
    std::vector<double> t;
    double before = 0;
    for (long k = 0; k < std::lround(3e-3 / dt); ++k) {
      const bool spike = n.step(drive.at(k));
      const double i = n.current();  // crossing time interpolated within the step
      if (spike) t.push_back((static_cast<double>(k - 1) + (s.circuit.spike_threshold - before) / (i - before)) * dt);
      before = i;
    }
    REQUIRE(t.size() >= 2);
    times.push_back(t);
  }
  std::vector<double> change;
  for (std::size_t k = 1; k < times.size(); ++k)
    change.push_back(std::max(std::abs(times[k][0] - times[k - 1][0]), std::abs(times[k][1] - times[k - 1][1])));
  MESSAGE("largest change of the first two spike times when dt halves 1->0.5->0.25->0.125 us: "
          << change[0] * 1e6 << ", " << change[1] * 1e6 << ", " << change[2] * 1e6 << " us");
  CHECK(change[1] < change[0]);
  CHECK(change[2] < change[1]);
  CHECK(change[2] < 0.2e-6);
}
