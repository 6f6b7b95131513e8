// fx::shift_round with a run-time shift, in two registered stages (latency 2): first a barrel
// shift, right by k - 1 (k >= 1) or left by -k, then, for right shifts, add one and drop the
// lowest bit, since (v + 2^(k-1)) >> k == ((v >> (k-1)) + 1) >> 1 for arithmetic shifts.
// The shift arrives decoded (ionarray_shift_decode, a stage earlier) so that the barrel shift
// has a stage of its own. The value has IN_BITS significant bits (sign-extended); right shifts
// past them give 0 as the full-width shift does, so the decoded amount saturates there.
module ionarray_round_shift #(
  parameter int IN_BITS = 45,
  parameter int LEFT_MAX = 8
) (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [63:0] v_i,
  input  logic               right_i,   // shift >= 1
  input  logic [6:0]         amount_i,  // right: min(shift - 1, IN_BITS); left: min(-shift, LEFT_MAX)
  output logic signed [63:0] q_o
);
  localparam int OutBits = IN_BITS + LEFT_MAX > 64 ? 64 : IN_BITS + LEFT_MAX;
  typedef logic signed [OutBits-1:0] out_t;

  /* verilator lint_off UNUSEDSIGNAL */  // the bits above IN_BITS are its sign
  logic signed [63:0] v;
  /* verilator lint_on UNUSEDSIGNAL */
  logic signed [IN_BITS-1:0] value;
  assign v     = v_i;
  assign value = v[IN_BITS-1:0];

  out_t shifted_q, rounded_q;
  logic right_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      right_q   <= right_i;
      shifted_q <= right_i ? out_t'(value) >>> amount_i : out_t'(value) <<< amount_i;
      rounded_q <= right_q ? (shifted_q + out_t'(1)) >>> 1 : shifted_q;
    end
  assign q_o = 64'(rounded_q);
endmodule
