#pragma once
// Loading an engine probe's ports (rtl/tb/engine_probe.sv, engine_pipeline_probe.sv: the same
// field ports) from the C++ engine's coefficients and state.
#include "ionarray/neuron_engine.hpp"
#include "verilated.h"

namespace ionarray::testing {

template <typename Probe>
void load_coefs(Probe& p, const fx::DeviceCoefs& d, const fx::SharedCoefs& c) {
  const fx::Coef device[] = {d.diffuse_f, d.diffuse_f_noise, d.diffuse_r, d.diffuse_r_noise, d.drift, d.transfer};
  for (int k = 0; k < 6; ++k) {
    p.d_mant_i[k] = static_cast<IData>(device[k].mant);
    p.d_shift_i[k] = static_cast<IData>(device[k].shift);
  }
  const fx::Coef shared[] = {c.grow, c.shrink, c.shrink_noise, c.tunnel_exponent, c.tunnel_scale, c.input, c.on_conductance};
  for (int k = 0; k < 7; ++k) {
    p.c_mant_i[k] = static_cast<IData>(shared[k].mant);
    p.c_shift_i[k] = static_cast<IData>(shared[k].shift);
  }
  p.symmetric_i = c.symmetric;
  p.c2c_i = c.c2c;
  p.alpha_i = static_cast<IData>(c.alpha);
  p.spike_threshold_i = static_cast<IData>(c.spike_threshold);
  p.tunnel_offset_i = static_cast<QData>(c.tunnel_offset);
}

template <typename Probe>
void load_state(Probe& p, const fx::NeuronState& state) {
  p.f_i = static_cast<IData>(state.f);
  p.r_i = static_cast<IData>(state.r);
  p.s_i = static_cast<IData>(state.s);
  p.vm_i = static_cast<IData>(state.vm);
  p.kg_mant_i = static_cast<IData>(state.kg.mant);
  p.kg_shift_i = static_cast<IData>(state.kg.shift);
  p.armed_i = state.armed;
  p.noise_i = state.noise;
}

}  // namespace ionarray::testing
