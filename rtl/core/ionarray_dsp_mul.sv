// One signed 27 x 18 product in the form of a DSP48E2 with its A/B input registers, its M
// (multiplier) register and its P (output) register: the product of the operands presented at
// one clock edge appears after the third edge that follows (latency 3).
module ionarray_dsp_mul (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic signed [26:0] a_i,
  input  logic signed [17:0] b_i,
  output logic signed [44:0] p_o
);
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
endmodule
