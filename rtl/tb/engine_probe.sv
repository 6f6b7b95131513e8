// Testbench probe: one neuron step of the engine package with every field as a port, so the
// C++ testbench can drive states from real trajectories and compare with hls/ionarray.
module engine_probe
  import ionarray_engine_pkg::*;
(
`include "engine_probe_ports.svh"
  input  logic signed [31:0] v_in_i, dv_syn_i,
  input  logic               enable_i,
  // next state
  output logic signed [31:0] f_o, r_o, s_o, vm_o, kg_mant_o, kg_shift_o,
  output logic               armed_o,
  output logic [63:0]        noise_o,
  output logic               spike_o, vm_sat_o, s_sat_o, g_sat_o
);
  neuron_state_t n, next;
  device_coefs_t d;
  shared_coefs_t c;

  engine_probe_fields u_fields (
    .f_i, .r_i, .s_i, .vm_i, .kg_mant_i, .kg_shift_i, .armed_i, .noise_i, .d_mant_i, .d_shift_i, .c_mant_i, .c_shift_i,
    .symmetric_i, .c2c_i, .alpha_i, .spike_threshold_i, .tunnel_offset_i, .state_o(n), .device_o(d), .shared_o(c));

  ionarray_engine u_engine (.state_i(n), .device_i(d), .shared_i(c), .v_in_i(64'(v_in_i)), .dv_syn_i(64'(dv_syn_i)), .enable_i,
                            .next_o(next), .spike_o, .vm_sat_o, .s_sat_o, .g_sat_o);

  assign f_o = next.f;
  assign r_o = next.r;
  assign s_o = next.s;
  assign vm_o = next.vm;
  assign kg_mant_o = next.kg.mant;
  assign kg_shift_o = next.kg.shift;
  assign armed_o = next.armed;
  assign noise_o = next.noise;
endmodule
