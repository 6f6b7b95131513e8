// Distribution-level calibration: the distances between measured and simulated distributions,
// the held-out split of the measured data and its refusals, the shipped fitted sets against the
// targets on the held-out half, and the optional residue-spread extension on every backend.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <string>

#include "analysis/distribution_distance.hpp"
#include "analysis/held_out.hpp"
#include "analysis/switching_stats.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/fit.hpp"
#include "experiments/pulse_test.hpp"
#include "fixed/fixed_neuron.hpp"
#include "input_errors.hpp"
#include "io/param_file.hpp"
#include "lockstep/lockstep.hpp"
#include "reference/memristor.hpp"
#include "test_chips.hpp"

using namespace ionarray;
using ionarray::testing::error_of;
using ionarray::testing::has;

namespace {
const std::string kData = IONARRAY_DATA_DIR "/";
const std::string kParams = IONARRAY_SOURCE_DIR "/params/fitted/";

// A pulse trial sampled every 5 us: 1 ms of 0.1 V, `write` of 1 V, 5 ms of 0.1 V; the current is
// 1 nA until `switch_at` into the write, 10 uA after, and falls to 1 nA `relax_after` past the
// write's end (never when negative).
PulseTrial synthetic_trial(double write, double switch_at, double relax_after) {
  PulseTrial p;
  const double dt = 5e-6;
  for (double t = 0; t < 1e-3 + write + 5e-3; t += dt) {
    const bool writing = t >= 1e-3 && t < 1e-3 + write;
    const bool on = t >= 1e-3 + switch_at && (relax_after < 0 || t < 1e-3 + write + relax_after);
    p.t.push_back(t);
    p.v.push_back(writing ? 1.0 : 0.1);
    p.i.push_back(on ? 10e-6 : 1e-9);
  }
  return p;
}
}  // namespace

TEST_CASE("KS distance: hand-computed cases, never-happened values at +infinity, last-bit ties") {
  // F_a(2) = 2/4 against F_b(2) = 0: the largest gap.
  CHECK(ks_distance({1, 2, 3, 4}, {2.5, 3.5}) == doctest::Approx(0.5));
  CHECK(ks_distance({1, 2, 3}, {3, 1, 2}) == 0);
  CHECK(ks_distance({1, 2}, {3, 4}) == 1);
  CHECK(ks_distance({}, {1}) == 1);
  // Half of a's cycles never had the event: at every finite x F_a stays at 1/2.
  CHECK(ks_distance({1, kNever}, {1, 1}) == doctest::Approx(0.5));
  CHECK(ks_distance({kNever, kNever}, {kNever}) == 0);
  // A voltage read from a file and the same grid point computed: one value.
  CHECK(ks_distance({0.144}, {0.2 * 18 / 25}) == 0);
}

TEST_CASE("quantile distance: a shift of the whole sample in units of the measured 10-90 % range") {
  std::vector<double> measured(101), shifted(101);
  std::iota(measured.begin(), measured.end(), 0.0);  // 0 .. 100: 10-90 % range 80
  for (std::size_t k = 0; k < measured.size(); ++k) shifted[k] = measured[k] + 8;
  CHECK(quantile_distance(measured, shifted, Scale::linear) == doctest::Approx(0.1));
  CHECK(quantile_distance(measured, measured, Scale::linear) == 0);
  // Log scale: e^0 .. e^10, its 10-90 % range e^1 .. e^9 (8 in ln); scaled by e^2: 2 / 8.
  std::vector<double> times, longer;
  for (int k = 0; k <= 10; ++k) times.push_back(std::exp(k)), longer.push_back(std::exp(k + 2.0));
  CHECK(quantile_distance(times, longer, Scale::log) == doctest::Approx(0.25));
  // Quantiles that never happened in one sample only count the most, 2.
  CHECK(quantile_distance({1, 2, 3}, {kNever, kNever, kNever}, Scale::linear) == doctest::Approx(2));
}

TEST_CASE("the measured pulse trials split into 7 + 6 whose delays are 3/7 apart (KS)") {
  const auto halves = split_trials(load_pulse_trials(kData + "pulse.csv"), "pulse.csv");
  REQUIRE(halves.fit.size() == 7);
  REQUIRE(halves.held_out.size() == 6);
  // Sorted delays (ms), even trials: 0.11 0.14 0.165 3.515 4.515 5.71 9.05; odd: 0.105 0.43 0.545
  // 0.745 2.3 4.375. From 4.375 to 4.515 ms: 4/7 against 6/6, the largest gap. No distribution is
  // within 0.3 of both halves unless it lies between them (KS is a metric: 0.3 + 0.3 >= 3/7).
  CHECK(ks_distance(pulse_samples(halves.fit).delay, pulse_samples(halves.held_out).delay) ==
        doctest::Approx(3.0 / 7));
}

TEST_CASE("the measured sweeps split by pairs of cycles, both polarities in both halves") {
  const auto cycles = load_dc_sweeps(kData + "dc_asymmetric.csv");
  const auto halves = split_sweeps(cycles, "dc_asymmetric.csv");
  CHECK(halves.fit.size() + halves.held_out.size() == cycles.size());
  CHECK(halves.fit.size() == 101);  // 201 cycles: pairs 0-1, 4-5, ... and the last one, 200
  // The asymmetric device switches on its positive half cycles only: about half in each half.
  const auto fit = sweep_stats(halves.fit), held = sweep_stats(halves.held_out);
  CHECK(fit.vth.n + held.vth.n == 101);
  CHECK(std::abs(static_cast<double>(fit.vth.n) - static_cast<double>(held.vth.n)) <= 2);
  // Its Vth sample leaves the reverse cycles out (none switches); its Vhold sample keeps every
  // cycle (the OFF-state leakage gives a Vhold in both polarities).
  const auto samples = sweep_samples(cycles);
  CHECK(samples.vth.size() == 101);
  CHECK(occurred(samples.vth).size() == 101);
  CHECK(samples.vhold.size() == 201);
}

TEST_CASE("a held-out split is refused with the counts found and needed") {
  std::vector<PulseTrial> few;
  for (int k = 0; k < 8; ++k) few.push_back(synthetic_trial(20e-3, 1e-3, 2e-3));
  CHECK(has(error_of([&] { split_trials(few, "few.csv"); }),
            "few.csv: 8 trials: a held-out split needs at least 10 (5 per half)"));

  std::vector<PulseTrial> latched;  // switch, never relax
  for (int k = 0; k < 12; ++k) latched.push_back(synthetic_trial(20e-3, 1e-3, -1));
  CHECK(has(error_of([&] { split_trials(latched, "latched.csv"); }),
            "latched.csv: relaxation never occurs in the data (0 of 12 trials)"));

  std::vector<PulseTrial> some = latched;  // relaxing in trials 0, 2, 4, 6 only: 4 in the fit half
  for (int k : {0, 2, 4, 6}) some[static_cast<std::size_t>(k)] = synthetic_trial(20e-3, 1e-3, 2e-3);
  CHECK(has(error_of([&] { split_trials(some, "some.csv"); }),
            "relaxation occurs in 4 of the fit half's 6 trials and 0 of the held-out half's 6: a held-out split "
            "needs at least 5 in each half"));

  const auto set = reference::named_set("dc-asymmetric");
  // 3 positive cycles per half (the reverse ones, where it never switches, are left out)
  const auto sweeps = run_dc_sweep(set, default_dc_protocol(set), 12, 3);
  CHECK(has(error_of([&] { split_sweeps(sweeps, "sweeps.csv"); }), "Vth occurs in 3 of the fit half's 3 cycles and 3 of the held-out half's 3"));
}

TEST_CASE("shipped DC sets: Vth KS distance <= 0.2 on the held-out half, on seeds the fit never saw") {
  for (const auto& [device, file] : {std::pair<std::string, std::string>{"dc-symmetric", "dc_symmetric.csv"},
                                     std::pair<std::string, std::string>{"dc-asymmetric", "dc_asymmetric.csv"}}) {
    CAPTURE(device);
    const auto held = sweep_samples(split_sweeps(load_dc_sweeps(kData + file), file).held_out);
    const auto set = load_parameter_file(kParams + device + ".toml");
    for (std::uint64_t seed : {101u, 202u}) {
      CAPTURE(seed);
      const auto sim = sweep_samples(run_dc_sweep(set, default_dc_protocol(set), 200, seed));
      const double ks = ks_distance(held.vth, sim.vth);
      MESSAGE(device << " seed " << seed << ": Vth KS " << ks << ", Vhold KS " << ks_distance(held.vhold, sim.vhold));
      CHECK(ks <= kVthTarget);
    }
  }
}

TEST_CASE("pulse: the residue spread brings the held-out delay and relaxation distributions near the targets") {
  // 1000 trials per set and seed (seeds the fit never saw), so that the distances are the
  // model's, not the simulation's noise; docs/reference-model.md records the figures. The
  // published model's best fit misses both targets (its delays spread too little, and its noisy
  // cross-section freezes some trials ON unless the fit trades relaxation times away); the
  // residue spread meets the relaxation target and comes within 0.05 of the delay target (the
  // two measured halves are themselves 3/7 apart), relaxing 99 % of the trials or more.
  const auto held = pulse_samples(split_trials(load_pulse_trials(kData + "pulse.csv"), "pulse.csv").held_out);
  const auto published = load_parameter_file(kParams + "pulse.toml");
  const auto extended = load_parameter_file(kParams + "pulse-residue-spread.toml");
  CHECK(published.device.residue0_spread == 0);
  CHECK(extended.device.residue0_spread > 0);
  const int n = 1000;
  for (std::uint64_t seed : {101u, 202u}) {
    CAPTURE(seed);
    const auto p = pulse_samples(run_pulse_trials(published, PulseProtocol{}, n, seed));
    const auto e = pulse_samples(run_pulse_trials(extended, PulseProtocol{}, n, seed));
    const double p_delay = ks_distance(held.delay, p.delay), p_relax = ks_distance(held.relax, p.relax);
    const double e_delay = ks_distance(held.delay, e.delay), e_relax = ks_distance(held.relax, e.relax);
    MESSAGE("seed " << seed << ": published delay KS " << p_delay << ", relaxation KS " << p_relax << ", relaxed "
                    << occurred(p.relax).size() << " of " << n << "; residue spread delay KS " << e_delay
                    << ", relaxation KS " << e_relax << ", relaxed " << occurred(e.relax).size() << " of " << n);
    CHECK(p_delay > kPulseTimeTarget);  // the published model: delays too narrow ...
    CHECK(p_relax > kPulseTimeTarget);  // ... and relaxations too short, or frozen ON
    CHECK(e_delay < p_delay - 0.05);
    CHECK(e_relax < p_relax - 0.15);
    CHECK(e_delay <= 0.4);
    CHECK(e_relax <= kPulseTimeTarget);
    CHECK(occurred(e.relax).size() >= 0.99 * n);
  }
}

TEST_CASE("a fit reports KS distances before and after that recompute from the sets it returns") {
  const auto set = reference::named_set("dc-asymmetric");
  // Measured-like data from a known set; the fit starts from a mobility 20 % too high.
  const auto data = split_sweeps(run_dc_sweep(set, default_dc_protocol(set), 40, 9), "simulated sweeps");
  auto start = set;
  start.device.mu *= 1.2;
  const FitOptions options{.fields = {"device.mu"}, .samples = 20, .seed = 4, .max_evaluations = 40};
  const auto r = fit_dc(start, data, options);
  REQUIRE(r.distances.size() == 2);
  const auto& vth = r.distances[0];
  CHECK(vth.name == "vth");
  const auto protocol = default_dc_protocol(set);
  const auto held = sweep_samples(data.held_out).vth, fit_half = sweep_samples(data.fit).vth;
  CHECK(vth.held_before == ks_distance(held, sweep_samples(run_dc_sweep(start, protocol, 20, 5)).vth));
  CHECK(vth.held_after == ks_distance(held, sweep_samples(run_dc_sweep(r.set, protocol, 20, 5)).vth));
  CHECK(vth.fit_after == ks_distance(fit_half, sweep_samples(run_dc_sweep(r.set, protocol, 20, 4)).vth));
  CHECK(vth.fit_before > 0.3);  // 20 % more mobility switches earlier (at most 0.5: half the cycles never switch)
  CHECK(vth.fit_after < vth.fit_before);
  CHECK(r.set.device.mu < start.device.mu);
  CHECK(r.objective < r.objective_before);
}

TEST_CASE("residue spread: uniform in residue0 +- spread per device, the same on the fixed-point device") {
  auto set = reference::named_set("pulse");
  set.device.residue0_spread = 0.1;  // the source's 0.3 .. 0.5
  const auto config = fixed::configure(set, 1.0, fixed::Circuit::series);
  double sum = 0, sum2 = 0, lo = 1, hi = 0;
  const int devices = 4000;
  for (int k = 0; k < devices; ++k) {
    const auto index = static_cast<std::uint64_t>(k);
    const double r = reference::Memristor(set.device, 7, index).state().r;
    sum += r, sum2 += r * r, lo = std::min(lo, r), hi = std::max(hi, r);
    // The engine starts from the same residue, in its X format.
    REQUIRE(fixed::initial_state(*config, set, 7, index).r == std::lround(std::ldexp(r, fx::kXFrac)));
  }
  const double mean = sum / devices, sd = std::sqrt(sum2 / devices - mean * mean);
  CHECK(lo >= 0.3);
  CHECK(hi <= 0.5);
  CHECK(lo < 0.301);
  CHECK(hi > 0.499);
  CHECK(mean == doctest::Approx(0.4).epsilon(0.01));
  CHECK(sd == doctest::Approx(0.1 / std::sqrt(3.0)).epsilon(0.03));  // a uniform's sd
  // Off: residue0 exactly; the draws do not depend on the device-to-device spread.
  auto spread_off = set;
  spread_off.device.residue0_spread = 0;
  CHECK(reference::Memristor(spread_off.device, 7, 3).state().r == 0.4);
  auto with_d2d = set;
  with_d2d.device.d2d = 0.2;
  CHECK(reference::Memristor(with_d2d.device, 7, 3).state().r == reference::Memristor(set.device, 7, 3).state().r);
}

TEST_CASE("residue spread: pulse statistics of the fixed-point device equal the reference's") {
  const auto set = load_parameter_file(kParams + "pulse-residue-spread.toml");
  const auto ref = pulse_samples(run_pulse_trials(set, PulseProtocol{}, 40, 9, Backend::reference));
  const auto fx = pulse_samples(run_pulse_trials(set, PulseProtocol{}, 40, 9, Backend::fixed));
  const double delay = ks_distance(ref.delay, fx.delay), relax = ks_distance(ref.relax, fx.relax);
  MESSAGE("reference against fixed, 40 trials: delay KS " << delay << ", relaxation KS " << relax);
  CHECK(delay <= 0.1);
  CHECK(relax <= 0.1);
  CHECK(occurred(fx.relax).size() == occurred(ref.relax).size());
}

TEST_CASE("lockstep: the array core RTL equals the C++ core with the residue spread on") {
  auto layout = ionarray::testing::ring_layout(4, 16, 5, 0);
  layout.spec.neuron.device.residue0 = 0.5;
  layout.spec.neuron.device.residue0_spread = 0.4;
  const std::uint64_t steps = 300;
  const auto inputs = ionarray::testing::input_events(9, 0, steps, layout.spec.rows, 0.05);
  auto golden = make_loopback_transport();
  auto tested = make_verilator_transport();
  const auto r = run_lockstep(layout, inputs, steps, *golden, *tested);
  if (r.mismatch) FAIL(r.mismatch->describe());
  CHECK(r.steps == steps);
  CHECK(r.spikes > 0);
  // The devices did start from different residues.
  const auto config = fixed::configure(layout.spec.neuron, 1.0, fixed::Circuit::neuron);
  CHECK(fixed::initial_state(*config, layout.spec.neuron, layout.seed, 0).r !=
        fixed::initial_state(*config, layout.spec.neuron, layout.seed, 1).r);
}
