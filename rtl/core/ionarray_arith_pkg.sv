// Fixed-point arithmetic of the neuron engine, bit for bit as hls/ionarray/fixed_point.hpp and
// noise.hpp define it: rounding shifts, block-floating-point coefficients, the noise stream.
package ionarray_arith_pkg;

  // Arithmetic right shift with round-half-up; a negative shift is a left shift
  // (fx::shift_round).
  function automatic logic signed [63:0] shift_round(input logic signed [63:0] v, input int shift);
    if (shift <= 0) return v <<< (-shift);
    return (v + (64'sd1 <<< (shift - 1))) >>> shift;
  endfunction

  // round(wide * coefficient): a 27 x 18 product then a rounding shift (fx::apply).
  function automatic logic signed [63:0] apply(input logic signed [26:0] wide,
                                               input logic signed [17:0] mant, input int shift);
    logic signed [44:0] product;
    product = wide * mant;
    return shift_round(64'(product), shift);
  endfunction

  // xorshift64 with shifts 13, 7, 17 (noise::xorshift64).
  function automatic logic [63:0] xorshift64(input logic [63:0] x);
    logic [63:0] y;
    y = x ^ (x << 13);
    y = y ^ (y >> 7);
    return y ^ (y << 17);
  endfunction

  // Irwin-Hall(4): the four 16-bit lanes summed and centred (noise::gaussian_code).
  function automatic logic signed [18:0] gaussian_code(input logic [63:0] w);
    logic [17:0] sum;
    sum = 18'(w[15:0]) + 18'(w[31:16]) + 18'(w[47:32]) + 18'(w[63:48]);
    return $signed({1'b0, sum}) - 19'sd131070;
  endfunction

endpackage
