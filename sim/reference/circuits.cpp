#include "reference/circuits.hpp"

#include <algorithm>

namespace ionarray::reference {

SeriesCircuit::SeriesCircuit(const ParameterSet& set, std::uint64_t seed, std::uint64_t index)
    : device_(set.device, seed, index),
      dt_(set.circuit.dt),
      r_series_(set.circuit.r_series),
      i_compliance_(set.circuit.i_compliance) {}

double SeriesCircuit::step(double v_source) {
  const double r_before = device_.resistance();
  double v_device = v_source * r_before / (r_series_ + r_before);
  if (i_compliance_ > 0) {
    const double v_limit = i_compliance_ * r_before;
    v_device = std::clamp(v_device, -v_limit, v_limit);
  }
  device_.step(v_device, dt_);
  const double i = v_source / (device_.resistance() + r_series_);
  return i_compliance_ > 0 ? std::clamp(i, -i_compliance_, i_compliance_) : i;
}

NeuronCircuit::NeuronCircuit(const ParameterSet& set, std::uint64_t seed, std::uint64_t index)
    : device_(set.device, seed, index),
      detector_(set.circuit.spike_threshold),
      dt_over_c_(set.circuit.dt / set.circuit.c),
      g_in_(1 / set.circuit.r_in),
      dt_(set.circuit.dt) {}

bool NeuronCircuit::step(double v_in, double i_syn) {
  vm_ += dt_over_c_ * ((v_in - vm_) * g_in_ + i_syn - vm_ / device_.resistance());
  device_.step(vm_, dt_);
  return detector_.update(current());
}

}  // namespace ionarray::reference
