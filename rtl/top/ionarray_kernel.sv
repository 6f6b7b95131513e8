// The array as a board sees it: the host link on AXI-Stream (64-bit words in and out) and the
// register block on AXI4-Lite (spec/registers.toml): identity and capacity, run control, status
// and counters. The XRT kernel and the USB FIFO bridge wrap this module.
//
// control.reset restarts the core as at power-up (step 0, sequence numbers, queues, counters,
// row timers, tile configuration); the memories keep their words, and the host loads the chip
// again, including the noise states it derives from seed_low/seed_high.
module ionarray_kernel #(
  parameter int TILES = 4,
  parameter int ROWS = 16,
  parameter int COLUMNS = 16,
  parameter int TILES_PER_ENGINE = 1,  // tiles sharing one neuron engine (ionarray_array_core)
  parameter int ROW_LEVELS = 1,        // row voltages per tile (ionarray_tile)
  parameter int PLASTIC_ROWS = 0       // rows per tile whose synapses it programs (ionarray_tile)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Host link in
  input  logic [63:0] s_axis_tdata,
  input  logic        s_axis_tvalid,
  output logic        s_axis_tready,
  // Host link out
  output logic [63:0] m_axis_tdata,
  output logic        m_axis_tvalid,
  input  logic        m_axis_tready,
  // Registers
  input  logic [7:0]  s_axil_awaddr,
  input  logic        s_axil_awvalid,
  output logic        s_axil_awready,
  input  logic [31:0] s_axil_wdata,
  input  logic [3:0]  s_axil_wstrb,
  input  logic        s_axil_wvalid,
  output logic        s_axil_wready,
  output logic [1:0]  s_axil_bresp,
  output logic        s_axil_bvalid,
  input  logic        s_axil_bready,
  input  logic [7:0]  s_axil_araddr,
  input  logic        s_axil_arvalid,
  output logic        s_axil_arready,
  output logic [31:0] s_axil_rdata,
  output logic [1:0]  s_axil_rresp,
  output logic        s_axil_rvalid,
  input  logic        s_axil_rready,
  // A word lost or added on the board's bus (a pulse from a bus bridge in front; 0 without one).
  input  logic        link_error_i,
  // Work in progress: a step running or a link word waiting. Low for 16 cycles in a row: the
  // board has nothing left to do (an activity LED; simulators stop an idle board's clock).
  output logic        busy_o
);
  // Counter c of the core at [64 c +: 64]; the registers show their low 32 bits.
  localparam int ERRORS = 64 * 32'(ionarray_host_link_pkg::CNT_ERRORS);
  localparam int SPIKES_IN = 64 * 32'(ionarray_host_link_pkg::CNT_SPIKES_IN);
  localparam int SPIKES_OUT = 64 * 32'(ionarray_host_link_pkg::CNT_SPIKES_OUT);
  localparam int OVERFLOWS = 64 * 32'(ionarray_host_link_pkg::CNT_OVERFLOWS);
  localparam int SATURATIONS = 64 * 32'(ionarray_host_link_pkg::CNT_SATURATIONS);
  localparam int RUNNING_BIT = ionarray_regs_pkg::REG_STATUS_RUNNING_BIT, PAUSED_BIT = ionarray_regs_pkg::REG_STATUS_PAUSED_BIT,
                 ERROR_BIT = ionarray_regs_pkg::REG_STATUS_ERROR_BIT;
  localparam int RUN_BIT = ionarray_regs_pkg::REG_CONTROL_RUN_BIT, FREE_RUN_BIT = ionarray_regs_pkg::REG_CONTROL_FREE_RUN_BIT,
                 PAUSE_BIT = ionarray_regs_pkg::REG_CONTROL_PAUSE_BIT, RESET_BIT = ionarray_regs_pkg::REG_CONTROL_RESET_BIT;

  logic [31:0] control_pulse, run_steps;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [31:0] seed_low, seed_high;  // read by the host; the core's noise states are loaded, not derived
  logic [31:0] control_unused;
  /* verilator lint_on UNUSEDSIGNAL */
  assign control_unused = control_pulse;

  logic running, paused;
  logic [63:0] step;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [64*ionarray_formats_pkg::COUNTER_COUNT-1:0] counters;  // (registers show the low halves; steps come from step)
  /* verilator lint_on UNUSEDSIGNAL */

  // control.reset: a registered pulse (no glitch reaches the asynchronous reset of the core).
  logic core_rst_n, soft_reset_q;
  always_ff @(posedge clk_i or negedge rst_ni)
    if (!rst_ni) soft_reset_q <= 1'b0;
    else soft_reset_q <= control_pulse[RESET_BIT];
  assign core_rst_n = rst_ni && !soft_reset_q;

  ionarray_regs #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS), .ROW_LEVELS(ROW_LEVELS), .PLASTIC_ROWS(PLASTIC_ROWS)) u_regs (
    .clk_i, .rst_ni,
    .s_axil_awaddr, .s_axil_awvalid, .s_axil_awready, .s_axil_wdata, .s_axil_wstrb, .s_axil_wvalid, .s_axil_wready,
    .s_axil_bresp, .s_axil_bvalid, .s_axil_bready, .s_axil_araddr, .s_axil_arvalid, .s_axil_arready, .s_axil_rdata,
    .s_axil_rresp, .s_axil_rvalid, .s_axil_rready,
    .control_pulse_o(control_pulse), .run_steps_o(run_steps), .seed_low_o(seed_low), .seed_high_o(seed_high),
    .status_i((32'(running) << RUNNING_BIT) | (32'(paused) << PAUSED_BIT) | (32'(counters[ERRORS +: 64] != 0) << ERROR_BIT)),
    .step_low_i(step[31:0]), .step_high_i(step[63:32]),
    .spikes_in_i(counters[SPIKES_IN +: 32]),
    .spikes_out_i(counters[SPIKES_OUT +: 32]),
    .overflows_i(counters[OVERFLOWS +: 32]),
    .saturations_i(counters[SATURATIONS +: 32]),
    .errors_i(counters[ERRORS +: 32]));

  logic core_busy;
  assign busy_o = core_busy || s_axis_tvalid || m_axis_tvalid;

  ionarray_array_core #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS), .TILES_PER_ENGINE(TILES_PER_ENGINE),
    .ROW_LEVELS(ROW_LEVELS), .PLASTIC_ROWS(PLASTIC_ROWS)) u_core (
    .clk_i, .rst_ni(core_rst_n),
    .in_valid_i(s_axis_tvalid), .in_data_i(s_axis_tdata), .in_ready_o(s_axis_tready),
    .out_valid_o(m_axis_tvalid), .out_data_o(m_axis_tdata), .out_ready_i(m_axis_tready),
    .running_o(running), .busy_o(core_busy), .link_error_i,
    .ctrl_run_i(control_pulse[RUN_BIT]), .ctrl_run_steps_i(run_steps), .ctrl_free_run_i(control_pulse[FREE_RUN_BIT]),
    .ctrl_pause_i(control_pulse[PAUSE_BIT]), .paused_o(paused), .step_o(step), .counters_o(counters));
endmodule
