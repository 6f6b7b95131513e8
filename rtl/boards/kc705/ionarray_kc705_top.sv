// The USB 3 board top for the reference board: a Xilinx KC705 (XC7K325T-2FFG900C) with the
// Cypress/Infineon EZ-USB FX3 SuperSpeed Explorer Kit (CYUSB3KIT-003) on its FMC interconnect
// board (CYUSB3ACC-005) in the KC705's FMC HPC connector (J22). Everything board-independent is
// in ionarray_usb_system; this file holds only what touches the KC705's pins: the clock
// (200 MHz SYSCLK into an MMCM), the forwarded PCLK, the DQ pads, the FX3's boot-mode pins,
// the reset button and two LEDs. Pins, I/O standards and timing:
// constraints/boards/kc705/ionarray_kc705.xdc; bring-up: docs/usb-board-bringup.md.
//
// Vivado only (7-series primitives: IBUFDS, MMCME2_BASE, BUFG, ODDR, OBUF, OBUFT, IOBUF).
module ionarray_kc705_top #(
  parameter int  TILES = 4,
  parameter int  ROWS = 16,
  parameter int  COLUMNS = 16,
  parameter int  TILES_PER_ENGINE = 1,
  // PCLK = the design clock = 1000 MHz (MMCM VCO: 200 MHz x 5) / PCLK_DIVIDE: 10 is 100 MHz,
  // the FX3's maximum; 11 is 90.9 MHz, 12 is 83.3 MHz (when the array core does not close at 100).
  parameter int  PCLK_DIVIDE = 10,
  // Phase of the forwarded PCLK against the design clock, in degrees (see "PCLK" below).
  parameter real PCLK_PHASE = 180.0
) (
  input  wire        sysclk_p,       // 200 MHz SYSCLK (KC705 U6), LVDS
  input  wire        sysclk_n,
  input  wire        cpu_reset,      // CPU_RESET push button (SW7), active high
  output wire        led_busy,       // GPIO_LED_0 (DS4): the array or the bridge is working
  output wire        led_locked,     // GPIO_LED_1 (DS1): the MMCM is locked, PCLK is running
  // FX3 GPIF II, synchronous slave FIFO (AN65974 names)
  output wire        fx3_pclk_o,
  inout  wire [31:0] fx3_dq,
  output wire        fx3_slcs_n_o,
  output wire        fx3_slwr_n_o,
  output wire        fx3_slrd_n_o,
  output wire        fx3_sloe_n_o,
  output wire        fx3_pktend_n_o,
  output wire [1:0]  fx3_a_o,        // A[1:0] (FIFOADDR)
  input  wire        fx3_flaga_i,    // thread 0 full, active low
  input  wire        fx3_flagb_i,    // thread 0 partial, active low
  input  wire        fx3_flagc_i,    // thread 3 empty, active low
  input  wire        fx3_flagd_i,    // thread 3 partial, active low
  output wire [2:0]  fx3_pmode_o     // FX3 PMODE[2:0], routed to the FMC by the interconnect board
);
  // ---- Clocks: SYSCLK -> MMCM -> design clock (CLKOUT0) and PCLK's ODDR clock (CLKOUT1), the
  // same frequency, CLKOUT1 shifted by PCLK_PHASE.
  wire sysclk, clk_fb, clk_fb_buf, clk_mmcm, clk_pclk_mmcm, clk, clk_pclk, mmcm_locked;
  IBUFDS u_sysclk_ibuf (.I(sysclk_p), .IB(sysclk_n), .O(sysclk));

  /* verilator lint_off PINCONNECTEMPTY */
  MMCME2_BASE #(
    .CLKIN1_PERIOD(5.0),
    .DIVCLK_DIVIDE(1),
    .CLKFBOUT_MULT_F(5.0),                 // VCO 1000 MHz
    .CLKOUT0_DIVIDE_F(1.0 * PCLK_DIVIDE),
    .CLKOUT0_PHASE(0.0),
    .CLKOUT1_DIVIDE(PCLK_DIVIDE),
    .CLKOUT1_PHASE(PCLK_PHASE)
  ) u_mmcm (
    .CLKIN1(sysclk), .CLKFBIN(clk_fb_buf), .CLKFBOUT(clk_fb), .CLKFBOUTB(),
    .CLKOUT0(clk_mmcm), .CLKOUT0B(), .CLKOUT1(clk_pclk_mmcm), .CLKOUT1B(),
    .CLKOUT2(), .CLKOUT2B(), .CLKOUT3(), .CLKOUT3B(), .CLKOUT4(), .CLKOUT5(), .CLKOUT6(),
    .LOCKED(mmcm_locked), .PWRDWN(1'b0), .RST(1'b0));
  /* verilator lint_on PINCONNECTEMPTY */

  BUFG u_fb_bufg   (.I(clk_fb),        .O(clk_fb_buf));
  BUFG u_clk_bufg  (.I(clk_mmcm),      .O(clk));
  BUFG u_pclk_bufg (.I(clk_pclk_mmcm), .O(clk_pclk));

  // ---- PCLK. The FX3 samples the FPGA's outputs, and launches DQ and the flags, on PCLK's
  // rising edge; the FPGA launches and samples on clk's rising edge. The ODDR (D1 = 1, D2 = 0)
  // copies clk_pclk to the pin through an output register, so PCLK leaves with the same
  // clock-to-out as the bus and Vivado times it as a generated clock of that register.
  // Arrangement chosen: PCLK at 180 degrees (clk_pclk from the MMCM at PCLK_PHASE = 180), as
  // AN65974's reference design forwards it. With PCLK in phase, a bus output and PCLK would leave
  // the FPGA together and reach the FX3 at nearly the same instant, leaving its 0.5 ns hold time
  // to chance; at 180 degrees the FX3 samples each output half a cycle after it changed (half a
  // period of setup and of hold), and the FX3's outputs, launched half a cycle later, are sampled
  // by the FPGA 1.5 cycles after that (the XDC's two-cycle capture). The round trip stays two
  // clk cycles, the count ionarray_fx3_bridge's latencies assume. If Vivado reports a hold
  // violation on the FX3's inputs, a larger PCLK_PHASE moves their window later.
  wire pclk_q;
  ODDR #(.DDR_CLK_EDGE("OPPOSITE_EDGE"), .INIT(1'b0), .SRTYPE("SYNC")) u_pclk_oddr (
    .Q(pclk_q), .C(clk_pclk), .CE(1'b1), .D1(1'b1), .D2(1'b0), .R(1'b0), .S(1'b0));
  OBUF u_pclk_obuf (.I(pclk_q), .O(fx3_pclk_o));

  // ---- Reset: the button or an unlocked MMCM; ionarray_usb_system synchronizes the release.
  wire rst_n = mmcm_locked && !cpu_reset;

  // ---- The board-independent logic.
  wire [31:0] dq_i, dq_o, dq_t;
  wire        busy;
  ionarray_usb_system #(.TILES(TILES), .ROWS(ROWS), .COLUMNS(COLUMNS), .TILES_PER_ENGINE(TILES_PER_ENGINE)) u_system (
    .clk_i(clk), .rst_ni(rst_n),
    .dq_i, .dq_o, .dq_t_o(dq_t),
    .slcs_n_o(fx3_slcs_n_o), .slwr_n_o(fx3_slwr_n_o), .slrd_n_o(fx3_slrd_n_o), .sloe_n_o(fx3_sloe_n_o),
    .pktend_n_o(fx3_pktend_n_o), .fifoaddr_o(fx3_a_o),
    .flaga_i(fx3_flaga_i), .flagb_i(fx3_flagb_i), .flagc_i(fx3_flagc_i), .flagd_i(fx3_flagd_i),
    .busy_o(busy));

  // ---- DQ: one IOBUF per bit, its own output-enable register on T (T high = not driving), so
  // the bridge's data, enable and input registers can each sit in their pad (IOB TRUE in the XDC).
  for (genvar b = 0; b < 32; b++) begin : g_dq
    IOBUF u_dq (.IO(fx3_dq[b]), .I(dq_o[b]), .T(dq_t[b]), .O(dq_i[b]));
  end

  // ---- PMODE[2:0] = Z, 1, Z ("F1F": boot from the kit's I2C EEPROM, USB boot if that fails).
  // The interconnect board wires these boot-mode pins to the FPGA; left unused, Vivado's default
  // pull-down on unused pins would pull them low whenever the FX3 resets.
  OBUFT u_pmode0 (.I(1'b0), .T(1'b1), .O(fx3_pmode_o[0]));
  OBUFT u_pmode1 (.I(1'b1), .T(1'b0), .O(fx3_pmode_o[1]));
  OBUFT u_pmode2 (.I(1'b0), .T(1'b1), .O(fx3_pmode_o[2]));

  // ---- LEDs. busy_o lasts a few cycles per packet; held for 2^23 cycles (84 ms at 100 MHz)
  // so that a single packet shows.
  logic [22:0] busy_hold_q = '0;
  always_ff @(posedge clk)
    if (busy) busy_hold_q <= '1;
    else if (busy_hold_q != '0) busy_hold_q <= busy_hold_q - 1'b1;
  assign led_busy   = busy_hold_q != '0;
  assign led_locked = mmcm_locked;
endmodule
