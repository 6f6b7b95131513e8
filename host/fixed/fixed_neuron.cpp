#include "fixed/fixed_neuron.hpp"

#include <cmath>

#include "reference/memristor.hpp"

namespace ionarray::fixed {

fx::NeuronState initial_state(const EngineConfig& config, const reference::ParameterSet& set, std::uint64_t seed,
                              std::uint64_t index) {
  fx::NeuronState s;
  s.r = static_cast<std::int32_t>(std::lround(std::ldexp(reference::initial_residue(set.device, seed, index), fx::kXFrac)));
  s.noise = noise::stream_state(seed, index, noise::Stream::cycle_to_cycle);
  fx::SaturationCounters unused;
  s.kg = fx::conductance(config.tables, config.shared, s.r, 0, unused);
  return s;
}

FixedNeuron::FixedNeuron(std::shared_ptr<const EngineConfig> config, const reference::ParameterSet& set,
                         std::uint64_t seed, std::uint64_t index)
    : config_(std::move(config)),
      coefs_(device_coefs(*config_, set, seed, index)),
      state_(initial_state(*config_, set, seed, index)),
      c_over_dt_(set.circuit.c / set.circuit.dt),
      narrow_(config_->precision.state_drop > 0) {}

void FixedNeuron::narrow_state() {
  const int drop = config_->precision.state_drop;
  const auto narrow = [drop](std::int32_t& w) { w = static_cast<std::int32_t>(fx::shift_round(w, drop) << drop); };
  narrow(state_.f);
  narrow(state_.r);
  narrow(state_.s);
  narrow(state_.vm);
}

}  // namespace ionarray::fixed
