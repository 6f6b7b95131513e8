// A run-time shift k decoded for ionarray_round_shift, registered (latency 1): right = k >= 1,
// amount = min(k - 1, IN_BITS) for right shifts and min(-k, LEFT_MAX) for left shifts.
module ionarray_shift_decode #(
  parameter int IN_BITS = 45,
  parameter int LEFT_MAX = 8
) (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [31:0] shift_i,
  output logic               right_o,
  output logic [6:0]         amount_o
);
  always_ff @(posedge clk_i)
    if (en_i) begin
      right_o  <= shift_i >= 32'sd1;
      amount_o <= shift_i >= 32'sd1 ? (shift_i > 32'(IN_BITS) ? 7'(IN_BITS) : 7'(shift_i - 32'sd1))
                                    : (-shift_i > 32'(LEFT_MAX) ? 7'(LEFT_MAX) : 7'(-shift_i));
    end
endmodule
