#pragma once
// One non-volatile drift-memristor synapse in double precision: the VTEAM model (state x in
// [0, 1], x = 0 fully ON) with a resistance linear in x, stepped by forward Euler.
#include "ionarray/noise.hpp"
#include "reference/synapse_params.hpp"

namespace ionarray::reference {

class DriftSynapse {
 public:
  // Device-to-device spread of k_on, k_off, v_on and v_off from `draws`: four draws, taken (and
  // ignored) even without spread, so that the draws after them do not depend on d2d.
  DriftSynapse(const SynapseParams& nominal, noise::NoiseStream& draws);

  // dx/dt (1/s) with v across the device: k_off (v/v_off - 1)^alpha_off above v_off,
  // k_on (v/v_on - 1)^alpha_on below v_on, and 0 between the thresholds.
  double rate(double v) const;
  // One step of length dt with v across the device; the change of x is scaled by `c2c_factor`
  // (cycle-to-cycle variation) and x stays in [0, 1]. Returns whether x changed.
  bool step(double v, double dt, double c2c_factor = 1);

  double x() const { return x_; }
  void set_x(double x);
  // 1 / (R_on + (R_off - R_on) x): between g_off() and g_on() of params().
  double conductance() const { return 1 / (params_.r_on + (params_.r_off - params_.r_on) * x_); }
  // The state holding conductance g, or the nearest bound's (a drift memristor holds nothing
  // above 1/R_on or below 1/R_off).
  void set_conductance(double g);
  // This device's parameters after device-to-device spread.
  const SynapseParams& params() const { return params_; }

 private:
  SynapseParams params_;
  double x_ = 0;
};

}  // namespace ionarray::reference
