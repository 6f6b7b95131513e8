// fx::reciprocal pipelined (latency 11): 1 / v = q 2^-16 2^e for v > 0 with FRAC fraction bits.
// A pipelined priority encoder finds the leading one (per byte, then the top byte: two
// stages), a two-stage barrel shift normalises v to its top 17 bits m in [2^16, 2^17), and
// the reciprocal table interpolates 1 / m (seven stages).
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_reciprocal #(
  parameter int FRAC = 25
) (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic [63:0]        v_i,
  output logic signed [63:0] q_o,
  output logic signed [31:0] e_o
);
  localparam int TABLE_BITS = ionarray_formats_pkg::TABLE_BITS;

  // Stage 1: per byte, whether it holds a one and the position of its highest one.
  logic [7:0]  byte_any_q;
  logic [2:0]  byte_msb_q [8];
  logic [63:0] v1_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      v1_q <= v_i;
      for (int b = 0; b < 8; b++) begin
        byte_any_q[b] <= v_i[8 * b +: 8] != 8'd0;
        byte_msb_q[b] <= 3'd0;
        for (int k = 0; k < 8; k++)
          if (v_i[8 * b + k]) byte_msb_q[b] <= 3'(k);
      end
    end

  // Stage 2: the highest byte holding a one gives the leading-one position (0 when v = 0, as
  // the oracle).
  logic [5:0]  msb_q;
  logic [63:0] v2_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      v2_q  <= v1_q;
      msb_q <= 6'd0;
      for (int b = 0; b < 8; b++)
        if (byte_any_q[b]) msb_q <= {3'(b), byte_msb_q[b]};
    end

  // Stages 3 and 4: v shifted left by 63 - msb (whole bytes, then bits); m = its top 17 bits.
  logic [5:0]  lead;
  logic [63:0] v3_q;
  logic [2:0]  bits_q;
  logic [15:0] m_q;  // m - 2^16: the bits below the leading one
  logic [5:0]  msb3_q, msb4_q;
  assign lead = 6'd63 - msb_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      v3_q   <= v2_q << {lead[5:3], 3'b000};
      bits_q <= lead[2:0];
      msb3_q <= msb_q;
      m_q    <= 16'((v3_q << bits_q) >> 47);
      msb4_q <= msb3_q;
    end

  // Stages 5-11: q = reciprocal(m) by interpolation, position m - 2^16 with 16 - TABLE_BITS
  // fraction bits; e = FRAC - msb travels beside it.
  ionarray_table_interp #(.TABLE(5), .FRAC_BITS(16 - TABLE_BITS)) u_table (
    .clk_i, .en_i, .position_i(64'(m_q)), .value_o(q_o));
  logic signed [31:0] e;
  assign e = 32'(FRAC) - 32'(msb4_q);
  ionarray_delay #(.WIDTH(32), .DEPTH(7)) u_e (.clk_i, .en_i, .d_i(e), .q_o(e_o));
endmodule
