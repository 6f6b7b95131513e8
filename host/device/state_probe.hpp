#pragma once
// A fixed-point neuron's state words in physical units, as every fixed-point device reports them.
#include "device/device.hpp"
#include "ionarray/neuron_engine.hpp"
#include "reference/device_params.hpp"

namespace ionarray {

// Vm in volts, f and r as fractions, S from its offset word, g = kg C / dt (kg is dt G / C).
StateProbe state_probe(const fx::NeuronState& n, const reference::CircuitParams& circuit);

}  // namespace ionarray
