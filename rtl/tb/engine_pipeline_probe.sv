// Testbench probe: the pipelined engine with every field as a port (as engine_probe does for
// the combinational engine), a 32-bit tag to match outputs to inputs.
module engine_pipeline_probe
  import ionarray_engine_pkg::*;
(
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               valid_i,
  input  logic [31:0]        tag_i,
`include "engine_probe_ports.svh"
  input  logic signed [31:0] v_in_i,
  input  logic signed [63:0] acc_i,
  input  logic [5:0]         acc_shift_i,
  // next state
  output logic               valid_o,
  output logic [31:0]        tag_o,
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

  ionarray_engine_pipeline #(.TAG_BITS(32)) u_engine (
    .clk_i, .rst_ni, .valid_i, .tag_i, .state_i(n), .device_i(d), .shared_i(c), .v_in_i(64'(v_in_i)), .acc_i, .acc_shift_i,
    .valid_o, .tag_o, .next_o(next), .spike_o, .vm_sat_o, .s_sat_o, .g_sat_o);

  assign f_o = next.f;
  assign r_o = next.r;
  assign s_o = next.s;
  assign vm_o = next.vm;
  assign kg_mant_o = next.kg.mant;
  assign kg_shift_o = next.kg.shift;
  assign armed_o = next.armed;
  assign noise_o = next.noise;
endmodule
