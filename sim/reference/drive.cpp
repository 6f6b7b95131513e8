#include "reference/drive.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace ionarray::reference {
namespace {
std::int64_t to_steps(double seconds, double dt) { return std::llround(seconds / dt); }
}  // namespace

Drive::Drive(const DriveSpec& spec, double dt, std::vector<PwlPoint> pwl_points)
    : kind_(spec.kind),
      amplitude_(spec.amplitude),
      dt_(dt),
      delay_steps_(to_steps(spec.delay, dt)),
      width_steps_(to_steps(spec.width, dt)),
      period_steps_(to_steps(spec.period, dt)),
      pwl_(std::move(pwl_points)) {
  if (kind_ == DriveKind::pulse && width_steps_ < 1)
    throw ParameterError("drive.width", fmt::format("drive.width = {:g} s is shorter than half a step "
                                                    "(dt = {:g} s)", spec.width, dt));
  if (kind_ == DriveKind::pulse) period_steps_ = std::max(period_steps_, width_steps_);
  if (kind_ == DriveKind::pwl && pwl_.empty())
    throw ParameterError("drive.pwl_file", "a pwl drive needs at least one point");
}

double Drive::at(std::int64_t step) const {
  switch (kind_) {
    case DriveKind::dc:
      return step >= delay_steps_ ? amplitude_ : 0.0;
    case DriveKind::pulse: {
      if (step < delay_steps_) return 0.0;
      return (step - delay_steps_) % period_steps_ < width_steps_ ? amplitude_ : 0.0;
    }
    case DriveKind::pwl: {
      const double t = static_cast<double>(step) * dt_;
      if (t <= pwl_.front().t) return pwl_.front().v;
      if (t >= pwl_.back().t) return pwl_.back().v;
      const auto hi = std::upper_bound(pwl_.begin(), pwl_.end(), t,
                                       [](double tt, const PwlPoint& p) { return tt < p.t; });
      const auto lo = hi - 1;
      return lo->v + (hi->v - lo->v) * (t - lo->t) / (hi->t - lo->t);
    }
  }
  return 0.0;
}

}  // namespace ionarray::reference
