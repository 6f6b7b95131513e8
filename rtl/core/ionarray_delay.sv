// A value delayed by DEPTH clock enables (DEPTH = 0: a wire). Two or more stages are a circular
// buffer (LUT RAM in synthesis, one write and one read per enabled clock) rather than a chain of
// registers: the same delay, and a simulator moves one word per clock instead of DEPTH.
/* verilator tracing_off */  // (the engine's inner stages: see ionarray_engine_pipeline.sv)
module ionarray_delay #(
  parameter int WIDTH = 64,
  parameter int DEPTH = 1
) (
  input  logic             clk_i,
  input  logic             en_i,
  input  logic [WIDTH-1:0] d_i,
  output logic [WIDTH-1:0] q_o
);
  if (DEPTH == 0) begin : g_wire
    assign q_o = d_i;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused;
    assign unused = clk_i ^ en_i;
    /* verilator lint_on UNUSEDSIGNAL */
  end else if (DEPTH == 1) begin : g_register
    logic [WIDTH-1:0] q_q;
    always_ff @(posedge clk_i)
      if (en_i) q_q <= d_i;
    assign q_o = q_q;
  end else begin : g_ring
    // The slot at the pointer holds the oldest word: read it, then overwrite it.
    localparam int PointerBits = $clog2(DEPTH);
    logic [WIDTH-1:0]       ring_q [DEPTH];
    logic [PointerBits-1:0] pointer_q = '0;
    always_ff @(posedge clk_i)
      if (en_i) begin
        ring_q[pointer_q] <= d_i;
        pointer_q <= pointer_q == PointerBits'(DEPTH - 1) ? '0 : pointer_q + 1'b1;
      end
    assign q_o = ring_q[pointer_q];
  end
endmodule
