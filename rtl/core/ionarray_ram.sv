// A simple dual-port RAM in the form synthesis maps to block RAM: one write port with a write
// enable per lane, one synchronous read port (the word at raddr_i appears after the clock edge,
// read-first: a write to the same address in the same cycle is seen one cycle later), no reset.
module ionarray_ram #(
  parameter int WORDS = 16,
  parameter int LANE_BITS = 16,
  parameter int LANES = 1,
  localparam int AddressBits = WORDS > 1 ? $clog2(WORDS) : 1,
  localparam int WidthBits = LANE_BITS * LANES
) (
  input  logic                   clk_i,
  input  logic [LANES-1:0]       we_i,
  input  logic [AddressBits-1:0] waddr_i,
  input  logic [WidthBits-1:0]   wdata_i,
  input  logic [AddressBits-1:0] raddr_i,
  output logic [WidthBits-1:0]   rdata_o
);
  (* ram_style = "block" *) logic [WidthBits-1:0] mem_q [WORDS];

  always_ff @(posedge clk_i) begin
    for (int l = 0; l < LANES; l++)
      if (we_i[l]) mem_q[waddr_i][l * LANE_BITS +: LANE_BITS] <= wdata_i[l * LANE_BITS +: LANE_BITS];
    rdata_o <= mem_q[raddr_i];
  end
endmodule
