#include "fixed/fixed_neuron.hpp"

#include <cmath>

namespace ionarray::fixed {

FixedNeuron::FixedNeuron(std::shared_ptr<const EngineConfig> config, const reference::ParameterSet& set,
                         std::uint64_t seed, std::uint64_t index)
    : config_(std::move(config)),
      coefs_(device_coefs(set, seed, index)),
      c_over_dt_(set.circuit.c / set.circuit.dt) {
  state_.r = static_cast<std::int32_t>(std::lround(std::ldexp(set.device.residue0, fx::kXFrac)));
  state_.noise = noise::stream_state(seed, index, noise::Stream::cycle_to_cycle);
  state_.kg = fx::conductance(config_->tables, config_->shared, state_.r, 0, saturation_);
}

}  // namespace ionarray::fixed
