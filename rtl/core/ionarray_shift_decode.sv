// A run-time shift k decoded for ionarray_round_shift, registered (latency 1): right = k >= 1,
// and one right-shift amount of the value padded with LEFT_MAX zero bits below it:
// LEFT_MAX + k - 1 for right shifts (k - 1 at most IN_BITS, past which the result is 0 anyway),
// LEFT_MAX + k for left shifts (-k at most LEFT_MAX).
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_shift_decode #(
  parameter int IN_BITS = 45,
  parameter int LEFT_MAX = 8
) (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [31:0] shift_i,
  output logic               right_o,
  output logic [7:0]         amount_o
);
  always_ff @(posedge clk_i)
    if (en_i) begin
      right_o  <= shift_i >= 32'sd1;
      amount_o <= shift_i > 32'(IN_BITS) ? 8'(LEFT_MAX + IN_BITS)
                : shift_i >= 32'sd1     ? 8'(32'(LEFT_MAX) + shift_i - 32'sd1)
                : shift_i < -32'(LEFT_MAX) ? 8'd0
                : 8'(32'(LEFT_MAX) + shift_i);
    end
endmodule
