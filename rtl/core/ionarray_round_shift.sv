// fx::shift_round with a run-time shift, in two registered stages (latency 2): first a barrel
// shift, right by k - 1 (k >= 1) or left by -k, then, for right shifts, add one and drop the
// lowest bit, since (v + 2^(k-1)) >> k == ((v >> (k-1)) + 1) >> 1 for arithmetic shifts.
// Both directions are one right shift of the value padded with LEFT_MAX zero bits below it, by
// the amount ionarray_shift_decode computed a stage earlier. The value has IN_BITS significant
// bits (sign-extended); the result keeps the low 64 bits, as the 64-bit oracle.
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_round_shift #(
  parameter int IN_BITS = 45,
  parameter int LEFT_MAX = 8
) (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [63:0] v_i,
  input  logic               right_i,
  input  logic [7:0]         amount_i,
  output logic signed [63:0] q_o
);
  localparam int PaddedBits = IN_BITS + LEFT_MAX;
  localparam int OutBits = PaddedBits > 64 ? 64 : PaddedBits;

  /* verilator lint_off UNUSEDSIGNAL */  // the bits above IN_BITS are its sign
  logic signed [63:0] v;
  /* verilator lint_on UNUSEDSIGNAL */
  logic signed [PaddedBits-1:0] padded;
  assign v = v_i;
  if (LEFT_MAX > 0) begin : g_pad
    assign padded = {v[IN_BITS-1:0], LEFT_MAX'(0)};
  end else begin : g_no_pad
    assign padded = v[IN_BITS-1:0];
  end

  logic signed [OutBits-1:0] shifted_q, rounded_q;
  logic right_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      right_q   <= right_i;
      shifted_q <= OutBits'(padded >>> amount_i);
      rounded_q <= right_q ? (shifted_q + OutBits'(1)) >>> 1 : shifted_q;
    end
  assign q_o = 64'(rounded_q);
endmodule
