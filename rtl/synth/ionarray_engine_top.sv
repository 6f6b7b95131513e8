// Synthesis top of one neuron engine: the combinational step_neuron between the words a tile
// stores (coefficients as their 25-bit transfer words, so synthesis sees the real operand
// widths), with nothing registered: its flip-flops belong to the tile.
module ionarray_engine_top (
  input  logic signed [31:0] f_i, r_i, s_i, vm_i,
  input  logic signed [31:0] kg_mant_i,
  input  logic signed [7:0]  kg_shift_i,      // clamped to [-8, 62] by the engine
  input  logic               armed_i,
  input  logic [63:0]        noise_i,
  input  logic [6*25-1:0]    device_i, // diffuse_f, diffuse_f_noise, diffuse_r, diffuse_r_noise, drift, transfer
  input  logic [7*25-1:0]    shared_i, // grow, shrink, shrink_noise, tunnel_exponent, tunnel_scale, input, on_conductance
  input  logic               symmetric_i, c2c_i,
  input  logic signed [31:0] alpha_i, spike_threshold_i,
  input  logic signed [63:0] tunnel_offset_i,
  input  logic signed [31:0] v_in_i, dv_syn_i,
  input  logic               enable_i,
  output logic signed [31:0] f_o, r_o, s_o, vm_o,
  output logic signed [31:0] kg_mant_o,
  output logic signed [7:0]  kg_shift_o,
  output logic               armed_o,
  output logic [63:0]        noise_o,
  output logic               spike_o, vm_sat_o, s_sat_o, g_sat_o
);
  ionarray_engine_pkg::neuron_state_t n, next;
  ionarray_engine_pkg::device_coefs_t d;
  ionarray_engine_pkg::shared_coefs_t c;

  always_comb begin
    n.f     = f_i;
    n.r     = r_i;
    n.s     = s_i;
    n.vm    = vm_i;
    n.kg.mant  = kg_mant_i;
    n.kg.shift = 32'(kg_shift_i);  // sign-extended
    n.armed = armed_i;
    n.noise = noise_i;
    d.diffuse_f       = ionarray_engine_pkg::unpack_coef(device_i[25*0 +: 25]);
    d.diffuse_f_noise = ionarray_engine_pkg::unpack_coef(device_i[25*1 +: 25]);
    d.diffuse_r       = ionarray_engine_pkg::unpack_coef(device_i[25*2 +: 25]);
    d.diffuse_r_noise = ionarray_engine_pkg::unpack_coef(device_i[25*3 +: 25]);
    d.drift           = ionarray_engine_pkg::unpack_coef(device_i[25*4 +: 25]);
    d.transfer        = ionarray_engine_pkg::unpack_coef(device_i[25*5 +: 25]);
    c.symmetric       = symmetric_i;
    c.c2c             = c2c_i;
    c.alpha           = alpha_i;
    c.grow            = ionarray_engine_pkg::unpack_coef(shared_i[25*0 +: 25]);
    c.shrink          = ionarray_engine_pkg::unpack_coef(shared_i[25*1 +: 25]);
    c.shrink_noise    = ionarray_engine_pkg::unpack_coef(shared_i[25*2 +: 25]);
    c.tunnel_exponent = ionarray_engine_pkg::unpack_coef(shared_i[25*3 +: 25]);
    c.tunnel_scale    = ionarray_engine_pkg::unpack_coef(shared_i[25*4 +: 25]);
    c.tunnel_offset   = tunnel_offset_i;
    c.input_gain      = ionarray_engine_pkg::unpack_coef(shared_i[25*5 +: 25]);
    c.on_conductance  = ionarray_engine_pkg::unpack_coef(shared_i[25*6 +: 25]);
    c.spike_threshold = spike_threshold_i;
  end

  ionarray_engine u_engine (.state_i(n), .device_i(d), .shared_i(c), .v_in_i(64'(v_in_i)), .dv_syn_i(64'(dv_syn_i)), .enable_i,
                            .next_o(next), .spike_o, .vm_sat_o, .s_sat_o, .g_sat_o);

  assign f_o     = next.f;
  assign r_o     = next.r;
  assign s_o     = next.s;
  assign vm_o    = next.vm;
  assign kg_mant_o  = next.kg.mant;
  assign kg_shift_o = next.kg.shift[7:0];
  assign armed_o = next.armed;
  assign noise_o = next.noise;
endmodule
