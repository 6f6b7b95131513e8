// The standalone USB board top: ionarray_usb_system between the pads of an FX3 synchronous slave
// FIFO (GPIF II, 32-bit). Only what touches the pins lives here: the DQ tristate buffers and
// the PCLK output. Pin names follow AN65974; constraints/ says what a board must add.
module ionarray_usb_top #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  parameter int TILES_PER_ENGINE = 1,  // tiles sharing one neuron engine (ionarray_array_core)
  parameter int ROW_LEVELS = 1,        // row voltages per tile (ionarray_tile)
  parameter int PLASTIC_ROWS = 0       // rows per tile whose synapses it programs (ionarray_tile)
) (
  input  logic        clk_i,         // the FPGA's PCLK-rate clock (up to 100 MHz), from the board's PLL
  input  logic        rst_ni,        // board reset, asynchronous, active low
  output logic        fx3_pclk_o,
  inout  wire  [31:0] fx3_dq,
  output logic        fx3_slcs_n_o,
  output logic        fx3_slwr_n_o,
  output logic        fx3_slrd_n_o,
  output logic        fx3_sloe_n_o,
  output logic        fx3_pktend_n_o,
  output logic [1:0]  fx3_a_o,       // FIFOADDR[1:0]
  input  logic        fx3_flaga_i,   // thread 0 (write) full, active low
  input  logic        fx3_flagb_i,   // thread 0 partial (room <= watermark), active low
  input  logic        fx3_flagc_i,   // thread 3 (read) empty, active low
  input  logic        fx3_flagd_i,   // thread 3 partial (words <= watermark), active low
  output logic        busy_o         // activity (a board LED), ionarray_usb_system's busy_o
);
  logic [31:0] dq_o, dq_t;

  // The FPGA drives DQ only while writing; the FX3 drives it while SLOE# is low.
  for (genvar b = 0; b < 32; b++) begin : g_dq
    assign fx3_dq[b] = dq_t[b] ? 1'bz : dq_o[b];
  end

  // PCLK is this design's clock, forwarded. On a Xilinx part the board wrapper replaces this
  // with an ODDR (D1 = 1, D2 = 0) so that the clock leaves through an output register.
  assign fx3_pclk_o = clk_i;

  ionarray_usb_system #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS), .TILES_PER_ENGINE(TILES_PER_ENGINE),
    .ROW_LEVELS(ROW_LEVELS), .PLASTIC_ROWS(PLASTIC_ROWS)) u_system (
    .clk_i, .rst_ni,
    .dq_i(fx3_dq), .dq_o, .dq_t_o(dq_t),
    .slcs_n_o(fx3_slcs_n_o), .slwr_n_o(fx3_slwr_n_o), .slrd_n_o(fx3_slrd_n_o), .sloe_n_o(fx3_sloe_n_o),
    .pktend_n_o(fx3_pktend_n_o), .fifoaddr_o(fx3_a_o), .flaga_i(fx3_flaga_i), .flagb_i(fx3_flagb_i),
    .flagc_i(fx3_flagc_i), .flagd_i(fx3_flagd_i), .busy_o);
endmodule
