// One signed 27 x 18 product in a DSP48E2 with its A/B input registers, its M (multiplier)
// register and its P (output) register in use: the product of the operands presented at one
// clock edge appears after the third edge that follows (latency 3).
//
// For UltraScale+ synthesis (IONARRAY_DSP48E2 defined) the DSP48E2 is instantiated, since Yosys
// 0.23 maps the product to a DSP48E2 but leaves the four registers outside it; Vivado would pack
// the behavioural form the same way. Elsewhere (simulation, 7 series, whose 25 x 18 DSP48E1 needs
// two for 27 x 18) the behavioural form.
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_dsp_mul (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [26:0] a_i,
  input  logic signed [17:0] b_i,
  output logic signed [44:0] p_o
);
`ifdef IONARRAY_DSP48E2
  /* verilator lint_off UNUSEDSIGNAL */
  logic [47:0] p;
  /* verilator lint_on UNUSEDSIGNAL */
  DSP48E2 #(
    .AREG(1), .ACASCREG(1), .BREG(1), .BCASCREG(1), .MREG(1), .PREG(1),
    .CREG(0), .DREG(0), .ADREG(0), .INMODEREG(0), .OPMODEREG(0), .ALUMODEREG(0), .CARRYINREG(0), .CARRYINSELREG(0),
    .USE_MULT("MULTIPLY"), .AMULTSEL("A"), .BMULTSEL("B"), .A_INPUT("DIRECT"), .B_INPUT("DIRECT"), .USE_SIMD("ONE48")
  ) u_dsp (
    .CLK(clk_i),
    .A({{3{a_i[26]}}, a_i}), .B(b_i), .C(48'd0), .D(27'd0), .CARRYIN(1'b0),
    .ACIN(30'd0), .BCIN(18'd0), .PCIN(48'd0), .CARRYCASCIN(1'b0), .MULTSIGNIN(1'b0),
    .OPMODE(9'b00_000_01_01),  // W = 0, Z = 0, Y:X = M: P = A * B
    .ALUMODE(4'b0000), .INMODE(5'b00000), .CARRYINSEL(3'b000),
    .CEA1(1'b0), .CEA2(en_i), .CEB1(1'b0), .CEB2(en_i), .CEM(en_i), .CEP(en_i),
    .CEC(1'b0), .CED(1'b0), .CEAD(1'b0), .CEALUMODE(1'b0), .CECTRL(1'b0), .CECARRYIN(1'b0), .CEINMODE(1'b0),
    .RSTA(1'b0), .RSTB(1'b0), .RSTC(1'b0), .RSTD(1'b0), .RSTM(1'b0), .RSTP(1'b0), .RSTCTRL(1'b0),
    .RSTALLCARRYIN(1'b0), .RSTALUMODE(1'b0), .RSTINMODE(1'b0),
    .P(p), .ACOUT(), .BCOUT(), .PCOUT(), .CARRYCASCOUT(), .CARRYOUT(), .MULTSIGNOUT(), .OVERFLOW(), .UNDERFLOW(),
    .PATTERNDETECT(), .PATTERNBDETECT(), .XOROUT()
  );
  assign p_o = p[44:0];
`else
  logic signed [26:0] a_q;
  logic signed [17:0] b_q;
  logic signed [44:0] m_q, p_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      a_q <= a_i;
      b_q <= b_i;
      m_q <= a_q * b_q;
      p_q <= m_q;
    end
  assign p_o = p_q;
`endif
endmodule
