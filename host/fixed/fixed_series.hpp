#pragma once
// A fixed-point device in the series / compliance test circuit, with the reference
// SeriesCircuit's interface: the device dynamics and the voltage it sees are fixed point; the
// current the instrument reads is computed from the device's conductance.
#include <cstdint>
#include <memory>

#include "fixed/engine_config.hpp"

namespace ionarray::fixed {

class FixedSeriesCircuit {
 public:
  FixedSeriesCircuit(std::shared_ptr<const EngineConfig> config, const reference::ParameterSet& set,
                     std::uint64_t seed, std::uint64_t index = 0);
  // One step with the source at v_source (V); returns the measured current (A).
  double step(double v_source);
  const fx::NeuronState& state() const { return state_; }

 private:
  double conductance() const;  // G of the current state (S)

  std::shared_ptr<const EngineConfig> config_;
  fx::DeviceCoefs coefs_;
  fx::NeuronState state_;
  fx::SaturationCounters saturation_;
  double r_on_, r_series_, i_compliance_;
};

}  // namespace ionarray::fixed
