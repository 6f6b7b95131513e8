#pragma once
// One diffusive memristor in double precision, stepped by forward Euler: the compact model of
// the Yang lab, as docs/reference-model.md states its equations.
#include <cstdint>

#include "ionarray/noise.hpp"
#include "reference/device_params.hpp"

namespace ionarray::reference {

struct DeviceState {
  double f = 0;  // mobile filament fraction
  double r = 0;  // residue (slow Ag clusters)
  double S = 1;  // filament cross-section, >= 1
};

// The residue r at reset of device `index` of a run seeded with `seed`: residue0, or a uniform
// draw in residue0 +- residue0_spread (clipped to 0 .. 1) when that is > 0.
double initial_residue(const DeviceParams& nominal, std::uint64_t seed, std::uint64_t index);

class Memristor {
 public:
  // Device `index` of a run seeded with `seed`: device-to-device draws (spread, residue at
  // reset) and the cycle-to-cycle stream all come from (seed, index), so every backend sees the
  // same devices.
  Memristor(const DeviceParams& nominal, std::uint64_t seed, std::uint64_t index);

  // Advances one step of length dt with voltage v across the device.
  void step(double v, double dt);

  const DeviceState& state() const { return state_; }
  void set_state(const DeviceState& s);
  double resistance() const { return resistance_; }
  double x() const;  // clip(f + r, 0, 1)
  // This device's parameters after device-to-device spread.
  const DeviceParams& params() const { return params_; }

 private:
  double resistance_of(double x, double S) const;

  DeviceParams params_;
  noise::NoiseStream noise_;
  DeviceState state_;
  double resistance_;
  double tunnel_norm_;  // 1 / (exp(1/lambda) - 1)
};

}  // namespace ionarray::reference
