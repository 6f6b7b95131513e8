#pragma once
// Input voltage waveforms of the neuron circuit, evaluated per step. Durations are rounded to
// whole steps once, so a pulse lasts the same number of steps on every backend.
#include <cstdint>
#include <vector>

#include "reference/device_params.hpp"

namespace ionarray::reference {

struct PwlPoint {
  double t;  // s, strictly increasing
  double v;  // V
};

class Drive {
 public:
  // pwl_points is used only for DriveKind::pwl (loaded by the caller from spec.pwl_file).
  Drive(const DriveSpec& spec, double dt, std::vector<PwlPoint> pwl_points = {});
  double at(std::int64_t step) const;

 private:
  DriveKind kind_;
  double amplitude_;
  double dt_;
  std::int64_t delay_steps_, width_steps_, period_steps_;
  std::vector<PwlPoint> pwl_;
};

}  // namespace ionarray::reference
