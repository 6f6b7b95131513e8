// round(wide * narrow 2^-shift) (fx::apply): one DSP product (latency 3), then a rounding shift.
// With VARIABLE_SHIFT the shift arrives with the operands, is decoded while the DSP multiplies,
// and the product is shifted by ionarray_round_shift (latency 5 in all); otherwise the shift is
// the constant SHIFT >= 1 and rounding is one add (latency 4 in all).
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_apply #(
  parameter bit VARIABLE_SHIFT = 1'b1,
  parameter int SHIFT = 1,
  parameter int LEFT_MAX = 8    // the largest left shift (negative shift_i) supported
) (
  input  logic               clk_i,
  input  logic               en_i,
  /* verilator lint_off UNUSEDSIGNAL */  // operands are 27 and 18 bits wide; the rest is their sign
  input  logic signed [63:0] wide_i,    // |wide| < 2^26
  input  logic signed [63:0] narrow_i,  // |narrow| < 2^17
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic signed [31:0] shift_i,   // with the operands (VARIABLE_SHIFT)
  output logic signed [63:0] value_o
);
  logic signed [44:0] product;
  ionarray_dsp_mul u_mul (.clk_i, .en_i, .a_i(27'(wide_i)), .b_i(18'(narrow_i)), .p_o(product));
  if (VARIABLE_SHIFT) begin : g_variable
    logic       right, right_d;
    logic [7:0] amount, amount_d;
    ionarray_shift_decode #(.IN_BITS(45), .LEFT_MAX(LEFT_MAX)) u_decode (
      .clk_i, .en_i, .shift_i, .right_o(right), .amount_o(amount));
    ionarray_delay #(.WIDTH(9), .DEPTH(2)) u_align (.clk_i, .en_i, .d_i({right, amount}), .q_o({right_d, amount_d}));
    ionarray_round_shift #(.IN_BITS(45), .LEFT_MAX(LEFT_MAX)) u_round (
      .clk_i, .en_i, .v_i(64'(product)), .right_i(right_d), .amount_i(amount_d), .q_o(value_o));
  end else begin : g_constant
    logic signed [63:0] rounded_q;
    always_ff @(posedge clk_i)
      if (en_i) rounded_q <= (64'(product) + (64'sd1 <<< (SHIFT - 1))) >>> SHIFT;
    assign value_o = rounded_q;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused;
    assign unused = ^shift_i;
    /* verilator lint_on UNUSEDSIGNAL */
  end
endmodule
