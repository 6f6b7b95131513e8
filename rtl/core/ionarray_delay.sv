// A value delayed by DEPTH clock enables (DEPTH = 0: a wire). From three stages on, a circular
// buffer of DEPTH - 1 words (LUT RAM in synthesis) read into an output register, rather than a
// chain of DEPTH registers: the same delay, a simulator moves two words per clock instead of
// DEPTH, and the buffer's read multiplexer ends at a register instead of in the consumer's logic.
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
  end else if (DEPTH <= 2) begin : g_registers
    logic [WIDTH-1:0] first_q, q_q;
    always_ff @(posedge clk_i)
      if (en_i) begin
        first_q <= d_i;
        q_q     <= DEPTH == 1 ? d_i : first_q;
      end
    assign q_o = q_q;
  end else begin : g_ring
    // The slot at the pointer holds the oldest word: read it into the output, then overwrite it.
    localparam int Words = DEPTH - 1;
    localparam int PointerBits = $clog2(Words);
    logic [WIDTH-1:0]       ring_q [Words];
    logic [PointerBits-1:0] pointer_q = '0;
    logic [WIDTH-1:0]       q_q;
    always_ff @(posedge clk_i)
      if (en_i) begin
        q_q               <= ring_q[pointer_q];
        ring_q[pointer_q] <= d_i;
        pointer_q         <= pointer_q == PointerBits'(Words - 1) ? '0 : pointer_q + 1'b1;
      end
    assign q_o = q_q;
  end
endmodule
