// Testbench probe: exposes the arithmetic package's functions as ports, so the C++ testbench
// can compare them with hls/ionarray on random operands.
module arith_probe
  import ionarray_arith_pkg::*;
(
  input  logic signed [63:0] value_i,
  input  logic signed [7:0]  shift_i,
  input  logic signed [26:0] wide_i,
  input  logic signed [17:0] mant_i,
  input  logic [63:0]        state_i,
  output logic signed [63:0] shift_round_o,
  output logic signed [63:0] apply_o,
  output logic [63:0]        next_state_o,
  output logic signed [18:0] gaussian_o
);
  assign shift_round_o = shift_round(value_i, int'(shift_i));
  assign apply_o       = apply(wide_i, mant_i, int'(shift_i));
  assign next_state_o  = xorshift64(state_i);
  assign gaussian_o    = gaussian_code(next_state_o);
endmodule
