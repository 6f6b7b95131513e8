// Measured-data extraction against the statistics the data's README publishes, and the shipped
// fitted sets against the calibration targets, on seeds the fit never saw.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "analysis/switching_stats.hpp"
#include "experiments/dc_sweep.hpp"
#include "experiments/pulse_test.hpp"
#include "io/param_file.hpp"

using namespace ionarray;

namespace {
const std::string kData = IONARRAY_DATA_DIR "/";
const std::string kParams = IONARRAY_SOURCE_DIR "/params/fitted/";
}  // namespace

TEST_CASE("measured device data is present (set IONARRAY_DATA_DIR when it is elsewhere)") {
  for (const char* file : {"dc_symmetric.csv", "dc_asymmetric.csv", "pulse.csv"}) {
    INFO("looking for " << kData + file);
    CHECK(std::filesystem::exists(kData + file));
  }
}

TEST_CASE("measured DC statistics reproduce the data README (source's extraction method)") {
  const auto sym = sweep_stats(load_dc_sweeps(kData + "dc_symmetric.csv"));
  CHECK(sym.vth.n == 199);
  CHECK(sym.vth.mean == doctest::Approx(0.275).epsilon(0.002 / 0.275));
  CHECK(sym.vth.sd == doctest::Approx(0.025).epsilon(0.02));
  CHECK(sym.vhold.n == 195);
  CHECK(sym.vhold.mean == doctest::Approx(0.051).epsilon(0.01));
  CHECK(sym.vhold.sd == doctest::Approx(0.037).epsilon(0.02));

  const auto asym = sweep_stats(load_dc_sweeps(kData + "dc_asymmetric.csv"));
  CHECK(asym.vth.n == 101);
  CHECK(asym.vth.mean == doctest::Approx(0.146).epsilon(0.005));
  CHECK(asym.vth.sd == doctest::Approx(0.005).epsilon(0.05));
  CHECK(asym.vhold.n == 201);
  CHECK(asym.vhold.mean == doctest::Approx(0.014).epsilon(0.05));
}

TEST_CASE("measured pulse statistics reproduce the data README") {
  const auto p = pulse_stats(load_pulse_trials(kData + "pulse.csv"));
  CHECK(p.trials == 13);
  CHECK(p.delay.n == 13);
  CHECK(p.delay.median == doctest::Approx(0.745e-3).epsilon(0.01));
  CHECK(p.delay.min == doctest::Approx(0.105e-3).epsilon(0.01));
  CHECK(p.delay.max == doctest::Approx(9.05e-3).epsilon(0.01));
  CHECK(p.relax.median == doctest::Approx(7.5e-3).epsilon(0.01));
  CHECK(p.relax.min == doctest::Approx(0.34e-3).epsilon(0.02));
  CHECK(p.relax.max == doctest::Approx(19.6e-3).epsilon(0.01));
}

TEST_CASE("fitted DC sets meet the targets: Vth mean within 10 mV, Vth sd within 30 %") {
  for (const char* device : {"dc-symmetric", "dc-asymmetric"}) {
    CAPTURE(device);
    const auto measured = sweep_stats(load_dc_sweeps(kData + (std::string(device) == "dc-symmetric" ? "dc_symmetric.csv" : "dc_asymmetric.csv")));
    const auto set = load_parameter_file(kParams + device + ".toml");
    for (std::uint64_t seed : {101u, 202u}) {
      CAPTURE(seed);
      const auto sim = sweep_stats(run_dc_sweep(set, default_dc_protocol(set), 200, seed));
      CHECK(std::abs(sim.vth.mean - measured.vth.mean) < 0.01);
      CHECK(std::abs(sim.vth.sd / measured.vth.sd - 1) < 0.30);
    }
  }
}

TEST_CASE("the published symmetric set misses the measured Vth, as the issue states (~0.31 V)") {
  const auto set = reference::named_set("dc-symmetric");
  const auto sim = sweep_stats(run_dc_sweep(set, default_dc_protocol(set), 100, 7));
  CHECK(sim.vth.mean > 0.30);
  CHECK(sim.vth.mean < 0.34);
}

TEST_CASE("fitted pulse sets: delay median of 200 trials within a factor of 3 of the measured") {
  // The sets are fitted to the whole delay distribution, not its median: the published model,
  // whose delays spread too little, trades its median for the tails (tests/test_distributions.cpp).
  const auto measured = pulse_stats(load_pulse_trials(kData + "pulse.csv"));
  for (const std::string name : {"pulse", "pulse-residue-spread"}) {
    const auto set = load_parameter_file(kParams + name + ".toml");
    for (std::uint64_t seed : {101u, 202u}) {
      CAPTURE(name);
      CAPTURE(seed);
      const auto sim = pulse_stats(run_pulse_trials(set, PulseProtocol{}, 200, seed));
      CHECK(sim.delay.n >= 195);
      const double ratio = sim.delay.median / measured.delay.median;
      MESSAGE(name << " seed " << seed << ": delay median " << sim.delay.median << " s, " << ratio << " x measured");
      CHECK(ratio > 1 / 3.0);
      CHECK(ratio < 3.0);
    }
  }
}
