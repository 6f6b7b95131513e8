#pragma once
// One neuron on the fixed-point engine, with the reference NeuronCircuit's interface in SI units
// around it (for the software backend and for comparisons).
#include <cstdint>
#include <memory>

#include "fixed/engine_config.hpp"

namespace ionarray::fixed {

// The engine state of device `index` at reset: residue0, S = 1, Vm = 0, its noise stream.
fx::NeuronState initial_state(const EngineConfig& config, const reference::ParameterSet& set, std::uint64_t seed,
                              std::uint64_t index);

class FixedNeuron {
 public:
  FixedNeuron(std::shared_ptr<const EngineConfig> config, const reference::ParameterSet& set, std::uint64_t seed,
              std::uint64_t index);
  // v_in in V format (to_volts_word), quantized once per drive level by the caller.
  bool step_word(std::int32_t v_in, std::int32_t dv_syn = 0) {
    const bool spike = fx::step_neuron(state_, coefs_, config_->shared, config_->tables, v_in, dv_syn, saturation_);
    if (narrow_) narrow_state();
    return spike;
  }
  double vm() const { return from_volts_word(state_.vm); }
  double current() const { return from_volts_word(fx::apply(state_.kg, state_.vm)) * c_over_dt_; }
  const fx::NeuronState& state() const { return state_; }
  const fx::SaturationCounters& saturation() const { return saturation_; }

 private:
  void narrow_state();  // Precision::state_drop: round f, r, s, Vm to fewer fraction bits

  std::shared_ptr<const EngineConfig> config_;
  fx::DeviceCoefs coefs_;
  fx::NeuronState state_;
  fx::SaturationCounters saturation_;
  double c_over_dt_;
  bool narrow_;  // Precision::state_drop > 0, read once: step_word is the hot path
};

}  // namespace ionarray::fixed
