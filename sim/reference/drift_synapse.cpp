#include "reference/drift_synapse.hpp"

#include <algorithm>
#include <cmath>

namespace ionarray::reference {

DriftSynapse::DriftSynapse(const SynapseParams& nominal, noise::NoiseStream& draws) : params_(nominal) {
  for (double* v : {&params_.k_on, &params_.k_off, &params_.v_on, &params_.v_off}) {
    const double z = draws.next_gaussian();
    if (nominal.d2d > 0) *v *= 1 + nominal.d2d * z;
  }
}

double DriftSynapse::rate(double v) const {
  const auto& p = params_;
  if (v > p.v_off) return p.k_off * std::pow(v / p.v_off - 1, p.alpha_off);
  if (v < p.v_on) return p.k_on * std::pow(v / p.v_on - 1, p.alpha_on);
  return 0;
}

bool DriftSynapse::step(double v, double dt, double c2c_factor) {
  const double before = x_;
  x_ = std::clamp(x_ + rate(v) * dt * c2c_factor, 0.0, 1.0);
  return x_ != before;
}

void DriftSynapse::set_x(double x) { x_ = std::clamp(x, 0.0, 1.0); }

void DriftSynapse::set_conductance(double g) {
  const double r = 1 / std::clamp(g, params_.g_off(), params_.g_on());
  set_x((r - params_.r_on) / (params_.r_off - params_.r_on));
}

}  // namespace ionarray::reference
