// The standalone USB board's logic, everything but the pads: the FX3 slave-FIFO bridge in front
// of the kernel (rtl/top/ionarray_kernel.sv), one clock (the PCLK this FPGA drives to the FX3)
// and a reset synchronizer. ionarray_usb_top adds the DQ tristate buffers and the clock output;
// this module keeps DQ split (dq_i / dq_o / dq_t) so that Verilator can test it.
//
// The kernel's AXI4-Lite port is left idle here: over USB the host drives everything with
// host-link packets (write_memory, spike_in, run, sync, read_register), which the array core
// handles itself; with no transaction on AXI4-Lite the register block's control pulses stay low
// and never start, pause or reset anything. What only AXI4-Lite reaches (control.pause of a
// free run, control.reset) is therefore not available over USB; the host driver never sends a
// free run (run 0), and a new host session needs the board reset (rst_ni: a button or an FX3
// GPIO the firmware pulses), which restarts the core as control.reset would.
module ionarray_usb_system #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  parameter int TILES_PER_ENGINE = 1,  // tiles sharing one neuron engine (ionarray_array_core)
  parameter int ROW_LEVELS = 1,        // row voltages per tile (ionarray_tile)
  parameter int PLASTIC_ROWS = 0       // rows per tile whose synapses it programs (ionarray_tile)
) (
  input  logic        clk_i,   // the PCLK domain: bridge and kernel
  input  logic        rst_ni,  // asynchronous, from the board
  input  logic [31:0] dq_i,
  output logic [31:0] dq_o,
  output logic [31:0] dq_t_o,   // tristate per bit, high: not driving (each its own register, for its pad)
  output logic        slcs_n_o,
  output logic        slwr_n_o,
  output logic        slrd_n_o,
  output logic        sloe_n_o,
  output logic        pktend_n_o,
  output logic [1:0]  fifoaddr_o,
  input  logic        flaga_i,  // thread 0 full (AN65974 firmware flags; see ionarray_fx3_bridge)
  input  logic        flagb_i,  // thread 0 partial
  input  logic        flagc_i,  // thread 3 empty
  input  logic        flagd_i,  // thread 3 partial
  output logic        busy_o   // work in progress (ionarray_kernel's busy_o, and the bridge's)
);
  // Asserted at once, released two clock edges after rst_ni rises (no metastable release).
  logic [1:0] reset_sync_q;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) reset_sync_q <= 2'b00;
    else reset_sync_q <= {reset_sync_q[0], 1'b1};
  wire rst_n = reset_sync_q[1];

  logic [63:0] from_host_tdata, to_host_tdata;
  logic        from_host_tvalid, from_host_tready, to_host_tvalid, to_host_tready;
  logic        bridge_busy, kernel_busy, framing_error;
  assign busy_o = bridge_busy || kernel_busy;

  ionarray_fx3_bridge u_bridge (
    .clk_i, .rst_ni(rst_n),
    .dq_i, .dq_o, .dq_t_o, .slcs_n_o, .slwr_n_o, .slrd_n_o, .sloe_n_o, .pktend_n_o, .fifoaddr_o, .flaga_i, .flagb_i, .flagc_i,
    .flagd_i, .framing_error_o(framing_error),
    .from_host_tdata_o(from_host_tdata), .from_host_tvalid_o(from_host_tvalid), .from_host_tready_i(from_host_tready),
    .to_host_tdata_i(to_host_tdata), .to_host_tvalid_i(to_host_tvalid), .to_host_tready_o(to_host_tready), .busy_o(bridge_busy));

  /* verilator lint_off UNUSEDSIGNAL */
  logic       axil_awready, axil_wready, axil_bvalid, axil_arready, axil_rvalid;
  logic [1:0] axil_bresp, axil_rresp;
  logic [31:0] axil_rdata;
  /* verilator lint_on UNUSEDSIGNAL */

  ionarray_kernel #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS), .TILES_PER_ENGINE(TILES_PER_ENGINE),
    .ROW_LEVELS(ROW_LEVELS), .PLASTIC_ROWS(PLASTIC_ROWS)) u_kernel (
    .clk_i, .rst_ni(rst_n),
    .s_axis_tdata(from_host_tdata), .s_axis_tvalid(from_host_tvalid), .s_axis_tready(from_host_tready),
    .m_axis_tdata(to_host_tdata), .m_axis_tvalid(to_host_tvalid), .m_axis_tready(to_host_tready),
    // AXI4-Lite idle: no requests; responses would be taken at once.
    .s_axil_awaddr(8'd0), .s_axil_awvalid(1'b0), .s_axil_awready(axil_awready),
    .s_axil_wdata(32'd0), .s_axil_wstrb(4'd0), .s_axil_wvalid(1'b0), .s_axil_wready(axil_wready),
    .s_axil_bresp(axil_bresp), .s_axil_bvalid(axil_bvalid), .s_axil_bready(1'b1),
    .s_axil_araddr(8'd0), .s_axil_arvalid(1'b0), .s_axil_arready(axil_arready),
    .s_axil_rdata(axil_rdata), .s_axil_rresp(axil_rresp), .s_axil_rvalid(axil_rvalid), .s_axil_rready(1'b1),
    .link_error_i(framing_error), .busy_o(kernel_busy));
endmodule
