// One state word's diffusion in an open device (latency 18):
//   w - clamp(apply(diffuse, w) + apply(diffuse_noise, round(round(w round(w, 9), 16) z, 17)), 0, w)
// the cycle-to-cycle noise term sigma gamma dt w^2 z of fx::update_filament; w unchanged when
// the device is not open. z arrives Z_TIME clocks after w; opened_i one clock after it.
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_diffusion #(
  parameter int Z_TIME = 3
) (
  input  logic                       clk_i,
  input  logic                       en_i,
  input  logic signed [63:0]         w_i,
  input  logic signed [18:0]         z_i,
  input  ionarray_engine_pkg::coef_t diffuse_i,        // with w
  input  ionarray_engine_pkg::coef_t diffuse_noise_i,  // with w
  input  logic                       opened_i,
  output logic signed [63:0]         w_next_o
);
  typedef logic signed [63:0] s64_t;
  localparam int T_HALF = 1, T_SQUARE = T_HALF + 4, T_NOISE_PRODUCT = T_SQUARE + 4, T_NOISE = T_NOISE_PRODUCT + 5;  // 1, 5, 9, 14
  localparam int T_DIFFUSE = 5, T_SUM = T_NOISE + 1, T_FLAGS = T_SUM + 1, T_DEC = T_FLAGS + 1, T_NEXT = T_DEC + 1;  // 15-18

  s64_t half, w1, square, noise_product, noise, diffuse, diffuse_d, sum, sum_d, w_sum, w_flags, w_dec, dec;
  logic lo, hi, opened_d;
  logic signed [18:0] z_d;
  ionarray_engine_pkg::coef_t noise_coef;
  always_ff @(posedge clk_i)
    if (en_i) begin
      half <= (w_i + 64'sd256) >>> 9;                                    // T_HALF
      sum  <= diffuse_d + noise;                                         // T_SUM
      lo   <= sum < 0;                                                   // T_FLAGS
      hi   <= sum > w_sum;
      dec  <= !opened_d || lo ? 64'sd0 : hi ? w_flags : sum_d;           // T_DEC
      w_next_o <= w_dec - dec;                                           // T_NEXT
    end
  ionarray_delay #(.DEPTH(T_HALF)) d_w1 (.clk_i, .en_i, .d_i(w_i), .q_o(w1));
  ionarray_delay #(.WIDTH(19), .DEPTH(T_SQUARE - Z_TIME)) d_z (.clk_i, .en_i, .d_i(z_i), .q_o(z_d));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(16)) u_square (.clk_i, .en_i, .wide_i(w1), .narrow_i(half), .shift_i('0), .value_o(square));
  ionarray_apply #(.VARIABLE_SHIFT(0), .SHIFT(17)) u_noise_product (.clk_i, .en_i, .wide_i(square), .narrow_i(64'(z_d)), .shift_i('0),
                                                                    .value_o(noise_product));
  ionarray_delay #(.WIDTH(64), .DEPTH(T_NOISE_PRODUCT)) d_noise_coef (.clk_i, .en_i, .d_i(diffuse_noise_i), .q_o(noise_coef));
  ionarray_apply u_noise (.clk_i, .en_i, .wide_i(noise_product), .narrow_i(64'(noise_coef.mant)), .shift_i(noise_coef.shift),
                          .value_o(noise));
  ionarray_apply u_diffuse (.clk_i, .en_i, .wide_i(w_i), .narrow_i(64'(diffuse_i.mant)), .shift_i(diffuse_i.shift), .value_o(diffuse));
  ionarray_delay #(.DEPTH(T_SUM - 1 - T_DIFFUSE)) d_diffuse (.clk_i, .en_i, .d_i(diffuse), .q_o(diffuse_d));
  ionarray_delay #(.DEPTH(T_FLAGS - 1)) d_w_sum (.clk_i, .en_i, .d_i(w_i), .q_o(w_sum));
  ionarray_delay #(.DEPTH(T_DEC - 1)) d_w_flags (.clk_i, .en_i, .d_i(w_i), .q_o(w_flags));
  ionarray_delay #(.DEPTH(T_NEXT - 1)) d_w_dec (.clk_i, .en_i, .d_i(w_i), .q_o(w_dec));
  ionarray_delay #(.DEPTH(1)) d_sum (.clk_i, .en_i, .d_i(sum), .q_o(sum_d));
  ionarray_delay #(.WIDTH(1), .DEPTH(T_DEC - 2)) d_opened (.clk_i, .en_i, .d_i(opened_i), .q_o(opened_d));
endmodule
