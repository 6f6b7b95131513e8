// fx::interpolate on one function table, pipelined (latency 7): the table as a ROM read at
// i and i + 1 into registers (block RAM with two read ports, or LUT ROM), their difference,
// the 27 x 18 product of fraction and difference (one DSP, latency 3), its rounding shift by
// FRAC_BITS, and the sum with the entry at i.
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_table_interp #(
  parameter int TABLE = 0,     // ionarray_formats_pkg table order: exp_neg, exp_pos, inv_s2, exp2_frac, expm1_ratio, reciprocal
  parameter int FRAC_BITS = 14
) (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [63:0] position_i,  // index << FRAC_BITS | fraction, index in [0, 2^TABLE_BITS)
  output logic signed [63:0] value_o
);
  localparam int TABLE_SIZE = ionarray_formats_pkg::TABLE_SIZE;
  localparam int TABLE_BITS = ionarray_formats_pkg::TABLE_BITS;

  // The table in block RAM (two read ports, i and i + 1), filled from its generated include.
  (* rom_style = "block" *) logic [31:0] rom [TABLE_SIZE];
  if (TABLE == 0) begin : g_exp_neg
    initial begin
      `include "ionarray_table_exp_neg.svh"
    end
  end else if (TABLE == 1) begin : g_exp_pos
    initial begin
      `include "ionarray_table_exp_pos.svh"
    end
  end else if (TABLE == 2) begin : g_inv_s2
    initial begin
      `include "ionarray_table_inv_s2.svh"
    end
  end else if (TABLE == 3) begin : g_exp2_frac
    initial begin
      `include "ionarray_table_exp2_frac.svh"
    end
  end else if (TABLE == 4) begin : g_expm1_ratio
    initial begin
      `include "ionarray_table_expm1_ratio.svh"
    end
  end else begin : g_reciprocal
    initial begin
      `include "ionarray_table_reciprocal.svh"
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */  // the position's bits above the index are zero
  logic signed [63:0] position;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [TABLE_BITS:0] index, next_index;  // (as the oracle: the index bits above the table wrap)
  assign position   = position_i;
  assign index      = position[FRAC_BITS +: TABLE_BITS + 1];
  assign next_index = index + 1'b1;

  logic signed [31:0] lo_q, hi_q, lo_d_q, lo_p_q [4];
  logic signed [17:0] diff_q;  // neighbouring entries differ by less than 2^17
  logic signed [26:0] frac_q, frac_d_q;
  logic signed [44:0] product;
  logic signed [63:0] rounded_q, value_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      lo_q      <= rom[index];
      hi_q      <= rom[next_index];
      frac_q    <= 27'(position[FRAC_BITS-1:0]);
      diff_q    <= 18'(hi_q - lo_q);
      lo_d_q    <= lo_q;
      frac_d_q  <= frac_q;
      lo_p_q[0] <= lo_d_q;
      lo_p_q[1] <= lo_p_q[0];
      lo_p_q[2] <= lo_p_q[1];
      lo_p_q[3] <= lo_p_q[2];
      rounded_q <= (64'(product) + (64'sd1 <<< (FRAC_BITS - 1))) >>> FRAC_BITS;
      value_q   <= 64'(lo_p_q[3]) + rounded_q;
    end

  ionarray_dsp_mul u_mul (.clk_i, .en_i, .a_i(frac_d_q), .b_i(diff_q), .p_o(product));
  assign value_o = value_q;
endmodule
