#include "fixed/fixed_series.hpp"

#include <algorithm>
#include <cmath>

#include "fixed/fixed_neuron.hpp"

namespace ionarray::fixed {

FixedSeriesCircuit::FixedSeriesCircuit(std::shared_ptr<const EngineConfig> config, const reference::ParameterSet& set,
                                       std::uint64_t seed, std::uint64_t index)
    : config_(std::move(config)),
      coefs_(device_coefs(*config_, set, seed, index)),
      state_(initial_state(*config_, set, seed, index)),
      r_on_(set.device.r_on),
      r_series_(set.circuit.r_series),
      i_compliance_(set.circuit.i_compliance) {}

double FixedSeriesCircuit::conductance() const { return coef_value(state_.kg) / r_on_; }

double FixedSeriesCircuit::step(double v_source) {
  const auto& t = config_->tables;
  const std::int64_t v = to_volts_word(v_source, "source");
  // Divider: v_dev = V / (1 + (Rs / Ron) (Ron G)), with the G of the previous step.
  std::int64_t v_dev = v;
  const fx::Coef& kg = state_.kg;
  if (config_->series.mant != 0) {
    const std::int64_t load = fx::shift_round(std::int64_t{kg.mant} * config_->series.mant,
                                              kg.shift + config_->series.shift - fx::kRFrac);
    const auto inv = fx::reciprocal(t, static_cast<std::uint64_t>((std::int64_t{1} << fx::kRFrac) + load), fx::kRFrac);
    v_dev = fx::shift_round(v * inv.q, 16 - inv.e);
  }
  // Compliance: |v_dev| <= Icc R = (Icc Ron) / (Ron G).
  if (config_->compliance.mant != 0 && kg.mant != 0) {
    const auto inv = fx::reciprocal(t, static_cast<std::uint64_t>(kg.mant), 0);  // 1 / mant
    const std::int64_t limit = fx::shift_round(std::int64_t{inv.q} * config_->compliance.mant,
                                               config_->compliance.shift + 16 - inv.e - kg.shift);
    v_dev = std::clamp(v_dev, -limit, limit);
  }
  fx::step_device(state_, coefs_, config_->shared, t, v_dev, saturation_);
  const double i = v_source * conductance() / (1 + r_series_ * conductance());
  return i_compliance_ > 0 ? std::clamp(i, -i_compliance_, i_compliance_) : i;
}

}  // namespace ionarray::fixed
