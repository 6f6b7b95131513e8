// Testbench probe: the pipelined engine with every field as a port (as engine_probe does for
// the combinational engine), a 32-bit tag to match outputs to inputs.
module engine_pipeline_probe
  import ionarray_engine_pkg::*;
(
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               valid_i,
  input  logic [31:0]        tag_i,
  // state
  input  logic signed [31:0] f_i, r_i, s_i, vm_i, kg_mant_i, kg_shift_i,
  input  logic               armed_i,
  input  logic [63:0]        noise_i,
  // device coefficients: mant and shift of diffuse_f, diffuse_f_noise, diffuse_r, diffuse_r_noise, drift, transfer
  input  logic signed [31:0] d_mant_i [6],
  input  logic signed [31:0] d_shift_i [6],
  // shared coefficients: mant and shift of grow, shrink, shrink_noise, tunnel_exponent, tunnel_scale, input, on_conductance
  input  logic signed [31:0] c_mant_i [7],
  input  logic signed [31:0] c_shift_i [7],
  input  logic               symmetric_i, c2c_i,
  input  logic signed [31:0] alpha_i, spike_threshold_i,
  input  logic signed [63:0] tunnel_offset_i,
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

  function automatic coef_t coef(input logic signed [31:0] mant, input logic signed [31:0] shift);
    coef_t k;
    k.mant  = mant;
    k.shift = shift;
    return k;
  endfunction

  always_comb begin
    n.f = f_i;
    n.r = r_i;
    n.s = s_i;
    n.vm = vm_i;
    n.kg = coef(kg_mant_i, kg_shift_i);
    n.armed = armed_i;
    n.noise = noise_i;
    d.diffuse_f = coef(d_mant_i[0], d_shift_i[0]);
    d.diffuse_f_noise = coef(d_mant_i[1], d_shift_i[1]);
    d.diffuse_r = coef(d_mant_i[2], d_shift_i[2]);
    d.diffuse_r_noise = coef(d_mant_i[3], d_shift_i[3]);
    d.drift = coef(d_mant_i[4], d_shift_i[4]);
    d.transfer = coef(d_mant_i[5], d_shift_i[5]);
    c.symmetric = symmetric_i;
    c.c2c = c2c_i;
    c.alpha = alpha_i;
    c.grow = coef(c_mant_i[0], c_shift_i[0]);
    c.shrink = coef(c_mant_i[1], c_shift_i[1]);
    c.shrink_noise = coef(c_mant_i[2], c_shift_i[2]);
    c.tunnel_exponent = coef(c_mant_i[3], c_shift_i[3]);
    c.tunnel_scale = coef(c_mant_i[4], c_shift_i[4]);
    c.tunnel_offset = tunnel_offset_i;
    c.input_gain = coef(c_mant_i[5], c_shift_i[5]);
    c.on_conductance = coef(c_mant_i[6], c_shift_i[6]);
    c.spike_threshold = spike_threshold_i;
  end

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
