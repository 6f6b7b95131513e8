// Fixed-point arithmetic of the neuron engine, bit for bit as hls/ionarray/fixed_point.hpp and
// noise.hpp define it: rounding shifts, block-floating-point coefficients, the noise stream.
// (Results are assigned to the function name, not returned: Yosys 0.23 reads no `return`.)
package ionarray_arith_pkg;

  // Arithmetic right shift with round-half-up; a negative shift is a left shift
  // (fx::shift_round).
  function automatic logic signed [63:0] shift_round(input logic signed [63:0] v, input int shift);
    if (shift <= 0) shift_round = v <<< (-shift);
    else shift_round = (v + (64'sd1 <<< (shift - 1))) >>> shift;
  endfunction

  // fx::clamp64: hi wins when hi < lo.
  function automatic logic signed [63:0] clamp64(input logic signed [63:0] v, input logic signed [63:0] lo,
                                                 input logic signed [63:0] hi);
    clamp64 = v < lo ? lo : (v > hi ? hi : v);
  endfunction

  // round(wide * coefficient): a 27 x 18 product then a rounding shift (fx::apply).
  function automatic logic signed [63:0] apply(input logic signed [26:0] wide,
                                               input logic signed [17:0] mant, input int shift);
    logic signed [44:0] product;
    product = wide * mant;
    apply = shift_round(64'(product), shift);
  endfunction

  // xorshift64 with shifts 13, 7, 17 (noise::xorshift64).
  function automatic logic [63:0] xorshift64(input logic [63:0] x);
    logic [63:0] y;
    y = x ^ (x << 13);
    y = y ^ (y >> 7);
    xorshift64 = y ^ (y << 17);
  endfunction

  // Irwin-Hall(4): the four 16-bit lanes summed and centred (noise::gaussian_code).
  function automatic logic signed [18:0] gaussian_code(input logic [63:0] w);
    logic [17:0] sum;
    sum = 18'(w[15:0]) + 18'(w[31:16]) + 18'(w[47:32]) + 18'(w[63:48]);
    gaussian_code = $signed({1'b0, sum}) - 19'sd131070;
  endfunction

endpackage
