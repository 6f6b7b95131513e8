// Testbench helper: the engine's state and coefficients from one port per field (what the C++
// testbenches drive), for engine_probe and engine_pipeline_probe.
module engine_probe_fields
  import ionarray_engine_pkg::*;
(
`include "engine_probe_ports.svh"
  output neuron_state_t      state_o,
  output device_coefs_t      device_o,
  output shared_coefs_t      shared_o
);
  function automatic coef_t coef(input logic signed [31:0] mant, input logic signed [31:0] shift);
    coef_t k;
    k.mant  = mant;
    k.shift = shift;
    return k;
  endfunction

  always_comb begin
    state_o.f = f_i;
    state_o.r = r_i;
    state_o.s = s_i;
    state_o.vm = vm_i;
    state_o.kg = coef(kg_mant_i, kg_shift_i);
    state_o.armed = armed_i;
    state_o.noise = noise_i;
    device_o.diffuse_f = coef(d_mant_i[0], d_shift_i[0]);
    device_o.diffuse_f_noise = coef(d_mant_i[1], d_shift_i[1]);
    device_o.diffuse_r = coef(d_mant_i[2], d_shift_i[2]);
    device_o.diffuse_r_noise = coef(d_mant_i[3], d_shift_i[3]);
    device_o.drift = coef(d_mant_i[4], d_shift_i[4]);
    device_o.transfer = coef(d_mant_i[5], d_shift_i[5]);
    shared_o.symmetric = symmetric_i;
    shared_o.c2c = c2c_i;
    shared_o.alpha = alpha_i;
    shared_o.grow = coef(c_mant_i[0], c_shift_i[0]);
    shared_o.shrink = coef(c_mant_i[1], c_shift_i[1]);
    shared_o.shrink_noise = coef(c_mant_i[2], c_shift_i[2]);
    shared_o.tunnel_exponent = coef(c_mant_i[3], c_shift_i[3]);
    shared_o.tunnel_scale = coef(c_mant_i[4], c_shift_i[4]);
    shared_o.tunnel_offset = tunnel_offset_i;
    shared_o.input_gain = coef(c_mant_i[5], c_shift_i[5]);
    shared_o.on_conductance = coef(c_mant_i[6], c_shift_i[6]);
    shared_o.spike_threshold = spike_threshold_i;
  end
endmodule
