#include "reference/memristor.hpp"

#include <algorithm>
#include <cmath>

namespace ionarray::reference {
namespace {

constexpr double kBridgedX = 1 - 1e-6;  // filament reaches across the gap
constexpr double kOpenS = 1 + 1e-6;     // filament not yet thickened

double clip01(double v) { return std::clamp(v, 0.0, 1.0); }
// clamp(v, lo, hi) with hi < lo allowed, as torch.clamp behaves (hi wins).
double clamp_to(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

DeviceParams spread(DeviceParams p, std::uint64_t seed, std::uint64_t index) {
  if (p.d2d <= 0) return p;
  noise::NoiseStream draws(seed, index, noise::Stream::device_to_device);
  for (double* v : {&p.mu, &p.beta, &p.gamma1, &p.gamma2}) *v *= 1 + p.d2d * draws.next_gaussian();
  return p;
}

}  // namespace

double initial_residue(const DeviceParams& p, std::uint64_t seed, std::uint64_t index) {
  if (p.residue0_spread <= 0) return p.residue0;
  // The device-to-device stream after the four spread draws (taken here whether or not d2d
  // spreads them), so the residue does not change with d2d.
  noise::NoiseStream draws(seed, index, noise::Stream::device_to_device);
  for (int k = 0; k < 4; ++k) draws.next_gaussian_code();
  return std::clamp(p.residue0 + p.residue0_spread * (2 * draws.next_uniform() - 1), 0.0, 1.0);
}

namespace {

}  // namespace

Memristor::Memristor(const DeviceParams& nominal, std::uint64_t seed, std::uint64_t index)
    : params_(spread(nominal, seed, index)),
      noise_(seed, index, noise::Stream::cycle_to_cycle),
      tunnel_norm_(1 / std::expm1(1 / nominal.lambda)) {
  set_state({.f = 0, .r = initial_residue(nominal, seed, index), .S = 1});
}

void Memristor::set_state(const DeviceState& s) {
  state_ = s;
  resistance_ = resistance_of(x(), state_.S);
}

double Memristor::x() const { return clip01(state_.f + state_.r); }

double Memristor::resistance_of(double x, double S) const {
  return params_.r_on * x / (S * S) + params_.r_off * std::expm1((1 - x) / params_.lambda) * tunnel_norm_;
}

void Memristor::step(double v, double dt) {
  const DeviceParams& p = params_;
  double& f = state_.f;
  double& r = state_.r;
  double& S = state_.S;
  const double va = p.polarity == Polarity::symmetric ? std::abs(v) : std::max(v, 0.0);
  const double x0 = x();
  const bool bridged = x0 > kBridgedX;
  const bool open = S < kOpenS;

  double g1 = p.gamma1, g2 = p.gamma2, g3 = p.gamma3;
  if (p.c2c) {  // always three draws, in this order, so the stream stays aligned across backends
    g1 += p.sigma1 * p.gamma1 * f * noise_.next_gaussian();
    g2 += p.sigma2 * p.gamma2 * r * noise_.next_gaussian();
    g3 += p.sigma3 * p.gamma3 * noise_.next_gaussian();
  }

  if (bridged)
    S = std::max(1.0, S + dt * (p.theta * va * std::exp(-(S - 1)) - g3 * std::exp(S - 1)));
  if (open) {
    f -= clamp_to(g1 * f * dt, 0, f);
    r -= clamp_to(g2 * r * dt, 0, r);
    const double drift_reciprocal = 1 / std::clamp(p.alpha + 1 - x0, p.alpha, p.alpha + 1);
    f += clamp_to(va * p.mu * drift_reciprocal * dt, 0, 1 - f - r);
    const double t = clamp_to(p.beta * f * dt, 0, std::min(1 - r, f));
    f -= t;
    r += t;
  }
  resistance_ = resistance_of(x(), S);
}

}  // namespace ionarray::reference
