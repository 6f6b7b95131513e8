// The reference device and circuit equations, checked against values worked out by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "reference/circuits.hpp"
#include "reference/drive.hpp"
#include "quiet_set.hpp"

using namespace ionarray::reference;
using ionarray::testing::quiet;

TEST_CASE("resistance spans Roff (empty gap) to Ron (bridged, thin filament)") {
  const auto s = quiet("dc-symmetric");
  Memristor m(s.device, 1, 0);
  CHECK(m.resistance() == doctest::Approx(s.device.r_off));
  m.set_state({.f = 0.5, .r = 0.5, .S = 1});
  CHECK(m.resistance() == doctest::Approx(s.device.r_on));
  m.set_state({.f = 0.5, .r = 0.5, .S = 2});
  CHECK(m.resistance() == doctest::Approx(s.device.r_on / 4));
}

TEST_CASE("one step from rest: drift then transfer, as DESIGN.md orders them") {
  const auto s = quiet("dc-symmetric");
  Memristor m(s.device, 1, 0);
  const double v = 0.3, dt = 1e-3, p = s.device.mu, a = s.device.alpha;
  m.step(-v, dt);  // symmetric: |v|
  const double drift = v * p / (a + 1) * dt;  // x = 0 at the start of the step
  const double moved = s.device.beta * drift * dt;
  CHECK(m.state().f == doctest::Approx(drift - moved).epsilon(1e-12));
  CHECK(m.state().r == doctest::Approx(moved).epsilon(1e-12));
  CHECK(m.state().S == 1.0);
}

TEST_CASE("asymmetric devices ignore negative voltage") {
  const auto s = quiet("dc-asymmetric");
  Memristor m(s.device, 1, 0);
  for (int k = 0; k < 100; ++k) m.step(-1.0, 1e-3);
  CHECK(m.state().f == 0.0);
  m.step(+0.2, 1e-3);
  CHECK(m.state().f > 0.0);
}

TEST_CASE("state stays physical under strong noisy drive: f and r in [0, 1], f + r <= 1, S >= 1") {
  auto s = named_set("oscillator");
  NeuronCircuit n(s, 3, 0);
  for (int k = 0; k < 50000; ++k) {
    n.step(k % 1000 < 500 ? 5.0 : 0.0);
    const auto& st = n.device().state();
    REQUIRE(st.f >= 0);
    REQUIRE(st.r >= 0);
    REQUIRE(st.f + st.r <= 1 + 1e-12);
    REQUIRE(st.S >= 1);
  }
}

TEST_CASE("device-to-device spread draws mu, beta, gamma1, gamma2 per device and leaves the rest") {
  auto s = named_set("lif");
  s.device.d2d = 0.1;
  Memristor a(s.device, 9, 0), b(s.device, 9, 1), a_again(s.device, 9, 0);
  CHECK(a.params().mu != b.params().mu);
  CHECK(a.params().mu == a_again.params().mu);
  CHECK(a.params().gamma3 == s.device.gamma3);
  CHECK(std::abs(a.params().mu / s.device.mu - 1) <= 0.1 * std::sqrt(12.0) / 2 + 1e-12);
}

TEST_CASE("current compliance caps the measured current") {
  const auto s = quiet("dc-symmetric");
  SeriesCircuit c(s, 1);
  double i = 0;
  for (int k = 0; k < 2000; ++k) i = c.step(0.6);
  CHECK(i == doctest::Approx(s.circuit.i_compliance));
}

TEST_CASE("neuron node: with the device off, Vm charges as an RC towards Vin") {
  auto s = quiet("lif");
  s.device.mu = 1e-9;  // no drift: the device stays at its initial resistance
  s.device.residue0 = 0;
  NeuronCircuit n(s, 1, 0);
  const double tau = s.circuit.r_in * s.circuit.c, dt = s.circuit.dt;
  const int steps = static_cast<int>(tau / dt);
  for (int k = 0; k < steps; ++k) n.step(1.0);
  // Forward Euler of dV/dt = (1 - V)/tau (the 1e10 ohm device leak is negligible).
  CHECK(n.vm() == doctest::Approx(1 - std::pow(1 - dt / tau, steps)).epsilon(1e-4));
}

TEST_CASE("drives: pulse trains in whole steps, dc step, piecewise-linear interpolation") {
  const Drive pulse({.kind = DriveKind::pulse, .amplitude = 2, .width = 5e-6, .period = 40e-6, .delay = 35e-6}, 1e-6);
  CHECK(pulse.at(34) == 0);
  CHECK(pulse.at(35) == 2);
  CHECK(pulse.at(39) == 2);
  CHECK(pulse.at(40) == 0);
  CHECK(pulse.at(75) == 2);
  const Drive dc({.kind = DriveKind::dc, .amplitude = 1, .delay = 3e-6}, 1e-6);
  CHECK(dc.at(2) == 0);
  CHECK(dc.at(3) == 1);
  const Drive pwl({.kind = DriveKind::pwl}, 1e-3, {{0.0, 0.0}, {0.01, 1.0}, {0.02, 0.0}});
  CHECK(pwl.at(5) == doctest::Approx(0.5));
  CHECK(pwl.at(15) == doctest::Approx(0.5));
  CHECK(pwl.at(100) == 0.0);
  CHECK_THROWS_AS(Drive({.kind = DriveKind::pulse, .amplitude = 1, .width = 1e-7, .period = 1e-6}, 1e-6),
                  ParameterError);
}
