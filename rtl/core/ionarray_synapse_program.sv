// The programming of plastic synapses, pipelined (latency SYNAPSE_PROGRAM_LATENCY): one synapse
// per clock, fx::program_synapse then fx::synapse_word (hls/ionarray/plastic_synapse.hpp).
// A synapse enters with its state x and the change its voltage class gives it (0: it does not
// move); it leaves with its new x, whether x changed, and the crossbar word of the new x. Each
// synapse that moves takes the next word of the tile's cycle-to-cycle stream, in the order the
// synapses enter (the reference model's row-major order).
//
//   noise (issue) -> code (2) -> round(change code, 17) (4) -> apply(c2c, .) (5) -> sum, x clamped (2)
//   -> R / R_on = 1 + apply(ratio, x) (5 + 1) -> reciprocal (11) -> apply(word_on, q) (5) -> word clamped (1)
module ionarray_synapse_program #(
  parameter int TAG_BITS = 16
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // The tile's stream: loaded (noise_load_i) while no synapse is in flight.
  input  logic                noise_load_i,
  input  logic [63:0]         noise_seed_i,
  output logic [63:0]         noise_o,
  // The tile's plasticity coefficients, steady while synapses flow (mantissa, shift).
  input  logic signed [31:0]  c2c_mant_i, c2c_shift_i,
  input  logic signed [31:0]  ratio_mant_i, ratio_shift_i,
  input  logic signed [31:0]  word_on_mant_i, word_on_shift_i,
  input  logic                valid_i,
  input  logic [TAG_BITS-1:0] tag_i,
  input  logic signed [31:0]  x_i,       // UQ1.24
  input  logic signed [31:0]  change_i,  // x LSB per step, before variation
  output logic                valid_o,
  output logic [TAG_BITS-1:0] tag_o,
  output logic signed [31:0]  x_o,
  output logic                changed_o,
  output logic [15:0]         word_o
);
  localparam int XFrac = ionarray_formats_pkg::SYNAPSE_X_FRAC;
  localparam logic signed [63:0] XOne = 64'sd1 <<< XFrac;
  localparam int WordMax = ionarray_formats_pkg::CONDUCTANCE_WORD_MAX;
  localparam int Latency = ionarray_formats_pkg::SYNAPSE_PROGRAM_LATENCY;
  localparam int Carried = TAG_BITS + 32 + 32;  // tag, x, change

  // Valid bits with reset; every other register is enabled only while a synapse is in flight.
  logic [Latency-1:0] valid_q;
  logic               en;
  always_ff @(posedge clk_i)
    if (!rst_ni) valid_q <= '0;
    else valid_q <= {valid_q[Latency-2:0], valid_i};
  assign en      = valid_i || valid_q != '0;
  assign valid_o = valid_q[Latency-1];

  // Issue: a synapse that moves advances the stream; its code follows two clocks later.
  logic        moves;
  logic [63:0] noise_q, next_noise;
  assign moves      = valid_i && change_i != 32'sd0;
  assign next_noise = ionarray_arith_pkg::xorshift64(noise_q);
  always_ff @(posedge clk_i)
    if (!rst_ni) noise_q <= 64'd0;
    else if (noise_load_i) noise_q <= noise_seed_i;
    else if (moves) noise_q <= next_noise;
  assign noise_o = noise_q;

  logic signed [18:0] code;
  ionarray_gaussian u_code (.clk_i, .en_i(en), .enable_i(1'b1), .word_i(next_noise), .code_o(code));
  logic [TAG_BITS-1:0] tag2;
  logic signed [31:0]  x2, change2;
  ionarray_delay #(.WIDTH(Carried), .DEPTH(2)) d_issue (
    .clk_i, .en_i(en), .d_i({tag_i, x_i, change_i}), .q_o({tag2, x2, change2}));

  // The change's variation: apply(c2c, round(change code, 17)).
  logic signed [63:0] spread, variation;
  ionarray_apply #(.VARIABLE_SHIFT(1'b0), .SHIFT(17)) u_spread (
    .clk_i, .en_i(en), .wide_i(64'(change2)), .narrow_i(64'(code)), .shift_i(32'sd0), .value_o(spread));
  ionarray_apply u_variation (
    .clk_i, .en_i(en), .wide_i(spread), .narrow_i(64'(c2c_mant_i)), .shift_i(c2c_shift_i), .value_o(variation));
  logic [TAG_BITS-1:0] tag11;
  logic signed [31:0]  x11, change11;
  ionarray_delay #(.WIDTH(Carried), .DEPTH(9)) d_variation (
    .clk_i, .en_i(en), .d_i({tag2, x2, change2}), .q_o({tag11, x11, change11}));

  // x + change + variation (one clock), then kept in [0, 1] (another).
  logic signed [63:0]  sum_q;
  logic signed [31:0]  x_before_q, x13;
  logic                changed13;
  logic [TAG_BITS-1:0] tag12, tag13;
  always_ff @(posedge clk_i)
    if (en) begin
      sum_q      <= 64'(x11) + 64'(change11) + variation;
      x_before_q <= x11;
      tag12      <= tag11;
      x13        <= 32'(ionarray_arith_pkg::clamp64(sum_q, 64'sd0, XOne));
      changed13  <= 32'(ionarray_arith_pkg::clamp64(sum_q, 64'sd0, XOne)) != x_before_q;
      tag13      <= tag12;
    end

  // R / R_on = 1 + (R_off / R_on - 1) x, then its reciprocal.
  logic signed [63:0] ratio_x, resistance, q;
  logic signed [31:0] e;
  ionarray_apply u_ratio (
    .clk_i, .en_i(en), .wide_i(64'(x13)), .narrow_i(64'(ratio_mant_i)), .shift_i(ratio_shift_i), .value_o(ratio_x));
  always_ff @(posedge clk_i)
    if (en) resistance <= XOne + ratio_x;
  ionarray_reciprocal #(.FRAC(XFrac)) u_reciprocal (.clk_i, .en_i(en), .v_i(resistance), .q_o(q), .e_o(e));

  // word = round(q word_on 2^-(16 - e + shift)), at most the largest word.
  logic signed [63:0] word;
  ionarray_apply u_word (
    .clk_i, .en_i(en), .wide_i(q), .narrow_i(64'(word_on_mant_i)), .shift_i(32'sd16 - e + word_on_shift_i), .value_o(word));
  always_ff @(posedge clk_i)
    if (en) word_o <= 16'(ionarray_arith_pkg::clamp64(word, 64'sd0, 64'(WordMax)));

  // x, changed and the tag beside the word: 5 + 1 + 11 + 5 + 1 clocks from x13.
  ionarray_delay #(.WIDTH(TAG_BITS + 32 + 1), .DEPTH(23)) d_result (
    .clk_i, .en_i(en), .d_i({tag13, x13, changed13}), .q_o({tag_o, x_o, changed_o}));
endmodule
