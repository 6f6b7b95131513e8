// A value delayed by DEPTH clock enables (DEPTH = 0: a wire). No reset, so synthesis maps long
// delays to shift-register LUTs (SRLs) rather than flip-flops.
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
  end else begin : g_shift
    logic [WIDTH-1:0] stage_q [DEPTH];
    always_ff @(posedge clk_i)
      if (en_i) stage_q[0] <= d_i;
    for (genvar k = 1; k < DEPTH; k++) begin : g_stage
      always_ff @(posedge clk_i)
        if (en_i) stage_q[k] <= stage_q[k - 1];
    end
    assign q_o = stage_q[DEPTH - 1];
  end
endmodule
