// noise::gaussian_code pipelined (latency 2): the four 16-bit lanes of a noise word summed in
// pairs, then together and centred; 0 when the cycle-to-cycle noise is off (enable_i low).
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_gaussian (
  input  logic               clk_i,
  input  logic               en_i,
  input  logic               enable_i,
  input  logic [63:0]        word_i,
  output logic signed [18:0] code_o
);
  logic [16:0] low_q, high_q;
  always_ff @(posedge clk_i)
    if (en_i) begin
      low_q  <= 17'(word_i[15:0]) + 17'(word_i[31:16]);
      high_q <= 17'(word_i[47:32]) + 17'(word_i[63:48]);
      code_o <= enable_i ? $signed({1'b0, 18'(low_q) + 18'(high_q)}) - 19'sd131070 : 19'sd0;
    end
endmodule
