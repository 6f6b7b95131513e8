# ionarray_kc705_top (rtl/boards/kc705/ionarray_kc705_top.sv) on the reference USB 3 board: a
# Xilinx KC705 (XC7K325T-2FFG900C) with the EZ-USB FX3 SuperSpeed Explorer Kit (CYUSB3KIT-003)
# on its FMC interconnect board (CYUSB3ACC-005) in the KC705's FMC HPC connector, J22.
# docs/usb-board-bringup.md says how to set the boards up; scripts/vivado_bitstream.tcl reads
# this file, and stops while a value below is still TO FILL (empty).
#
# Sources, cited per line by tag:
#  [HPC]   analogdevicesinc/hdl, projects/common/kc705/kc705_fmc_hpc.txt: KC705 FMC HPC connector
#          pin -> FMC signal (LAxx) -> XC7K325T package pin and I/O bank.
#  [GLIP]  TUM-LIS/glip, src/backend_cypressfx3/: doc/logic.md (FX3 pin -> FMC HPC connector pin
#          on the CYUSB3ACC-005), logic/boards/vcu108/fmc_hpc1.xdc (PMODE[2:0] -> D11, D12, D14),
#          logic/boards/kc705/fx3.xdc (the same kit on a KC705's J22, LVCMOS33), and
#          logic/demo/kc705_loopback/README.md (J22, the kit's jumpers, 3.3 V I/O). Each FX3 pin
#          below is the [GLIP] connector pin looked up in [HPC]; all 49 FMC pins of the kit agree
#          with [GLIP]'s own KC705 pin file.
#  [KC705] alexforencich/verilog-ethernet, example/KC705/fpga_gmii/fpga.xdc: SYSCLK, CPU_RESET,
#          GPIO LEDs and the configuration bank settings; VLSI-EDA/PoC, ucf/KC705/*.xdc: SYSCLK is
#          200 MHz (SiT9102, U6), CPU_RESET (SW7) is active high, the LEDs' banks, VADJ_FPGA 2.5 V
#          by default (1.8, 2.5 or 3.3 V).
#  [DS]    EZ-USB FX3 data sheet (CYUSB301X/CYUSB201X, Cypress/Infineon document 001-52136),
#          synchronous slave FIFO timing: Tables 13 and 15 of revision *X, as applied by
#          adijuliawan/LibreSDR_UHD_B220_Mini_FPGA, tools/gpif_timing_check.tcl. Check them
#          against the revision you have.

# ---- Configuration bank [KC705]
set_property CFGBVS VCCO [current_design]
set_property CONFIG_VOLTAGE 2.5 [current_design]

# ---- Board clock, reset, LEDs [KC705]
set_property -dict {PACKAGE_PIN AD12 IOSTANDARD LVDS} [get_ports sysclk_p]
set_property -dict {PACKAGE_PIN AD11 IOSTANDARD LVDS} [get_ports sysclk_n]
set_property -dict {PACKAGE_PIN AB7 IOSTANDARD LVCMOS15} [get_ports cpu_reset]
set_property -dict {PACKAGE_PIN AB8 IOSTANDARD LVCMOS15 DRIVE 12 SLEW SLOW} [get_ports led_busy]   ;# GPIO_LED_0, DS4
set_property -dict {PACKAGE_PIN AA8 IOSTANDARD LVCMOS15 DRIVE 12 SLEW SLOW} [get_ports led_locked] ;# GPIO_LED_1, DS1
set_false_path -from [get_ports cpu_reset]
set_false_path -to [get_ports {led_busy led_locked}]

# ---- The FX3 bus: pins. "FX3 pin / HPC pin / FMC signal / FPGA I/O" per line, [GLIP] + [HPC].
set_property PACKAGE_PIN C25 [get_ports fx3_pclk_o]      ;# PCLK   / G6  / LA00_CC_P  / IO_L12P_T1_MRCC_16
set_property PACKAGE_PIN A27 [get_ports fx3_slcs_n_o]    ;# CTL0 SLCS#   / G19 / LA16_N / IO_L7N_T1_16
set_property PACKAGE_PIN E19 [get_ports fx3_slwr_n_o]    ;# CTL1 SLWR#   / G21 / LA20_P / IO_L14P_T2_SRCC_17
set_property PACKAGE_PIN D19 [get_ports fx3_sloe_n_o]    ;# CTL2 SLOE#   / G22 / LA20_N / IO_L14N_T2_SRCC_17
set_property PACKAGE_PIN C20 [get_ports fx3_slrd_n_o]    ;# CTL3 SLRD#   / G24 / LA22_P / IO_L19P_T3_17
set_property PACKAGE_PIN B20 [get_ports fx3_flaga_i]     ;# CTL4 FLAGA   / G25 / LA22_N / IO_L19N_T3_VREF_17
set_property PACKAGE_PIN G17 [get_ports fx3_flagb_i]     ;# CTL5 FLAGB   / G27 / LA25_P / IO_L18P_T2_17
set_property PACKAGE_PIN F17 [get_ports fx3_flagc_i]     ;# CTL6 FLAGC   / G28 / LA25_N / IO_L18N_T2_17
set_property PACKAGE_PIN C17 [get_ports fx3_pktend_n_o]  ;# CTL7 PKTEND# / G30 / LA29_P / IO_L17P_T2_17
set_property PACKAGE_PIN B17 [get_ports fx3_flagd_i]     ;# CTL8 FLAGD   / G31 / LA29_N / IO_L17N_T2_17
set_property PACKAGE_PIN H21 [get_ports {fx3_a_o[1]}]    ;# CTL11 A1     / G36 / LA33_P / IO_L7P_T1_17
set_property PACKAGE_PIN H22 [get_ports {fx3_a_o[0]}]    ;# CTL12 A0     / G37 / LA33_N / IO_L7N_T1_17
set_property PACKAGE_PIN G29 [get_ports {fx3_pmode_o[0]}] ;# PMODE0 / D11 / LA05_P / IO_L22P_T3_16
set_property PACKAGE_PIN F30 [get_ports {fx3_pmode_o[1]}] ;# PMODE1 / D12 / LA05_N / IO_L22N_T3_16
set_property PACKAGE_PIN B30 [get_ports {fx3_pmode_o[2]}] ;# PMODE2 / D14 / LA09_P / IO_L17P_T2_16
set_property PACKAGE_PIN D27 [get_ports {fx3_dq[0]}]     ;# DQ0  / H4  / CLK0_M2C_P / IO_L13P_T2_MRCC_16
set_property PACKAGE_PIN H24 [get_ports {fx3_dq[1]}]     ;# DQ1  / H7  / LA02_P / IO_L19P_T3_16
set_property PACKAGE_PIN H25 [get_ports {fx3_dq[2]}]     ;# DQ2  / H8  / LA02_N / IO_L19N_T3_VREF_16
set_property PACKAGE_PIN G28 [get_ports {fx3_dq[3]}]     ;# DQ3  / H10 / LA04_P / IO_L20P_T3_16
set_property PACKAGE_PIN F28 [get_ports {fx3_dq[4]}]     ;# DQ4  / H11 / LA04_N / IO_L20N_T3_16
set_property PACKAGE_PIN E28 [get_ports {fx3_dq[5]}]     ;# DQ5  / H13 / LA07_P / IO_L14P_T2_SRCC_16
set_property PACKAGE_PIN D28 [get_ports {fx3_dq[6]}]     ;# DQ6  / H14 / LA07_N / IO_L14N_T2_SRCC_16
set_property PACKAGE_PIN G27 [get_ports {fx3_dq[7]}]     ;# DQ7  / H16 / LA11_P / IO_L21P_T3_DQS_16
set_property PACKAGE_PIN F27 [get_ports {fx3_dq[8]}]     ;# DQ8  / H17 / LA11_N / IO_L21N_T3_DQS_16
set_property PACKAGE_PIN C24 [get_ports {fx3_dq[9]}]     ;# DQ9  / H19 / LA15_P / IO_L8P_T1_16
set_property PACKAGE_PIN B24 [get_ports {fx3_dq[10]}]    ;# DQ10 / H20 / LA15_N / IO_L8N_T1_16
set_property PACKAGE_PIN G18 [get_ports {fx3_dq[11]}]    ;# DQ11 / H22 / LA19_P / IO_L16P_T2_17
set_property PACKAGE_PIN F18 [get_ports {fx3_dq[12]}]    ;# DQ12 / H23 / LA19_N / IO_L16N_T2_17
set_property PACKAGE_PIN A20 [get_ports {fx3_dq[13]}]    ;# DQ13 / H25 / LA21_P / IO_L21P_T3_DQS_17
set_property PACKAGE_PIN A21 [get_ports {fx3_dq[14]}]    ;# DQ14 / H26 / LA21_N / IO_L21N_T3_DQS_17
set_property PACKAGE_PIN A16 [get_ports {fx3_dq[15]}]    ;# DQ15 / H28 / LA24_P / IO_L20P_T3_17
set_property PACKAGE_PIN A17 [get_ports {fx3_dq[16]}]    ;# DQ16 / H29 / LA24_N / IO_L20N_T3_17
set_property PACKAGE_PIN D16 [get_ports {fx3_dq[17]}]    ;# DQ17 / H31 / LA28_P / IO_L15P_T2_DQS_17
set_property PACKAGE_PIN C16 [get_ports {fx3_dq[18]}]    ;# DQ18 / H32 / LA28_N / IO_L15N_T2_DQS_17
set_property PACKAGE_PIN D22 [get_ports {fx3_dq[19]}]    ;# DQ19 / H34 / LA30_P / IO_L10P_T1_17
set_property PACKAGE_PIN C22 [get_ports {fx3_dq[20]}]    ;# DQ20 / H35 / LA30_N / IO_L10N_T1_17
set_property PACKAGE_PIN D21 [get_ports {fx3_dq[21]}]    ;# DQ21 / H37 / LA32_P / IO_L8P_T1_17
set_property PACKAGE_PIN C21 [get_ports {fx3_dq[22]}]    ;# DQ22 / H38 / LA32_N / IO_L8N_T1_17
set_property PACKAGE_PIN D17 [get_ports {fx3_dq[23]}]    ;# DQ23 / G2  / CLK1_M2C_P / IO_L13P_T2_MRCC_17
set_property PACKAGE_PIN D18 [get_ports {fx3_dq[24]}]    ;# DQ24 / G3  / CLK1_M2C_N / IO_L13N_T2_MRCC_17
set_property PACKAGE_PIN H26 [get_ports {fx3_dq[25]}]    ;# DQ25 / G9  / LA03_P / IO_L23P_T3_16
set_property PACKAGE_PIN H27 [get_ports {fx3_dq[26]}]    ;# DQ26 / G10 / LA03_N / IO_L23N_T3_16
set_property PACKAGE_PIN E29 [get_ports {fx3_dq[27]}]    ;# DQ27 / G12 / LA08_P / IO_L18P_T2_16
set_property PACKAGE_PIN E30 [get_ports {fx3_dq[28]}]    ;# DQ28 / G13 / LA08_N / IO_L18N_T2_16
set_property PACKAGE_PIN C29 [get_ports {fx3_dq[29]}]    ;# DQ29 / G15 / LA12_P / IO_L15P_T2_DQS_16
set_property PACKAGE_PIN B29 [get_ports {fx3_dq[30]}]    ;# DQ30 / G16 / LA12_N / IO_L15N_T2_DQS_16
set_property PACKAGE_PIN B27 [get_ports {fx3_dq[31]}]    ;# DQ31 / G18 / LA16_P / IO_L7P_T1_16
# Not used (the AN65974 firmware leaves them idle): CTL9 / G33 / LA31_P / G22 and CTL10 / G34 /
# LA31_N / F22 [GLIP: com_rst, logic_rst], the FX3 GPIOs a firmware could pulse as a session reset.

# ---- The FX3 bus: I/O standard, drive, slew. The bus is in banks 16 and 17 [HPC], which the
# KC705 powers from VADJ_FPGA [KC705]; LVCMOS33 needs VADJ_FPGA at 3.3 V and the kit's J2 (VIO1-3)
# closed, as [GLIP] runs this kit on a KC705. Drive and slew are this design's choice for
# ~100 MHz over the FMC and the interconnect board (12 mA on PCLK, 8 mA on the bus, fast edges);
# check the edges on a scope (docs/usb-board-bringup.md) and lower them if they ring.
set fx3_outputs [get_ports {fx3_slcs_n_o fx3_slwr_n_o fx3_slrd_n_o fx3_sloe_n_o fx3_pktend_n_o fx3_a_o[*]}]
set fx3_flags   [get_ports {fx3_flaga_i fx3_flagb_i fx3_flagc_i fx3_flagd_i}]
set fx3_dq      [get_ports {fx3_dq[*]}]
set_property IOSTANDARD LVCMOS33 [get_ports {fx3_pclk_o fx3_pmode_o[*]}]
set_property IOSTANDARD LVCMOS33 $fx3_outputs
set_property IOSTANDARD LVCMOS33 $fx3_flags
set_property IOSTANDARD LVCMOS33 $fx3_dq
set_property -dict {DRIVE 12 SLEW FAST} [get_ports fx3_pclk_o]
set_property -dict {DRIVE 8 SLEW FAST} $fx3_outputs
set_property -dict {DRIVE 8 SLEW FAST} $fx3_dq
set_property -dict {DRIVE 8 SLEW SLOW} [get_ports {fx3_pmode_o[*]}]
set_false_path -to [get_ports {fx3_pmode_o[*]}]

# ---- Clocks. SYSCLK is 200 MHz [KC705]; the MMCM's outputs are derived by Vivado and only
# renamed here: clk (design clock, CLKOUT0) and clk_pclk (CLKOUT1, PCLK_PHASE later).
create_clock -name sysclk -period 5.000 [get_ports sysclk_p]
create_generated_clock -name clk [get_pins u_mmcm/CLKOUT0]
create_generated_clock -name clk_pclk [get_pins u_mmcm/CLKOUT1]
# PCLK as it leaves the FPGA: the ODDR's copy of its clock input (D1 = 1, D2 = 0, so in phase
# with C). Every bus delay below is relative to this clock at the FPGA pin.
create_generated_clock -name fx3_pclk -source [get_pins u_pclk_oddr/C] -multiply_by 1 [get_ports fx3_pclk_o]

# ---- FX3 synchronous slave FIFO timing [DS], ns, at the FX3's pins.
set fx3_t_su          2.0 ;# setup of every FX3 input to PCLK rising: tDS (DQ), tWRS, tRDS, tAS, tPES
set fx3_t_h           0.5 ;# hold of every FX3 input after PCLK rising
set fx3_dq_t_co_max   7.0 ;# tCO: PCLK rising to DQ valid, maximum
set fx3_dq_t_oh_min   2.0 ;# tDOH: DQ held after PCLK rising, minimum
set fx3_flag_t_co_max 8.0 ;# tCFLG: PCLK rising to FLAGx valid, maximum
set fx3_flag_t_oh_min 0.0 ;# tCOH: FLAGx held after PCLK rising, minimum
# [DS] lists the setup figure for DQ, SLWR#, SLRD#, A[1:0] and PKTEND#; [DS]'s user applies the
# same 2.0 / 0.5 ns to SLCS# and SLOE#, and so does this file.

# ---- Board delay of one FX3 line, FPGA pin to FX3 pin (KC705 FMC trace + FMC connector +
# CYUSB3ACC-005 + the kit's header and trace), ns. Every line, PCLK included, is taken to lie
# between the two; that bounds both clock-to-line skew and round trips without knowing which
# line is longer.
set board_trace_min 0.0 ;# a floor, not a measurement: no line is faster than 0 ns
set board_trace_max {}  ;# TO FILL: the longest of these lines; from the KC705, CYUSB3ACC-005 and CYUSB3KIT-003 layouts (net lengths x the stack-ups' delay per length), or measured (docs/usb-board-bringup.md)

# ---- FPGA -> FX3 (SLCS#, SLWR#, SLRD#, SLOE#, PKTEND#, A[1:0], DQ when driven). The FX3 samples
# on PCLK rising as it arrives at the FX3 (clock line later by 0..trace): with PCLK at 180
# degrees, half a cycle after the FPGA launched the word.
#   max: setup + the latest line - the earliest clock line
#   min: -hold + the earliest line - the latest clock line
set out_max [expr {$fx3_t_su + $board_trace_max - $board_trace_min}]
set out_min [expr {-$fx3_t_h + $board_trace_min - $board_trace_max}]
set_output_delay -clock fx3_pclk -max $out_max $fx3_outputs
set_output_delay -clock fx3_pclk -min $out_min $fx3_outputs
set_output_delay -clock fx3_pclk -max $out_max $fx3_dq
set_output_delay -clock fx3_pclk -min $out_min $fx3_dq

# ---- FX3 -> FPGA (DQ while SLOE# is low, FLAGA..FLAGD). Launched by PCLK rising at the FX3
# (the clock line after the pin), then the line back:
#   max: clock line + clock-to-out max + line;  min: clock line + output hold min + line.
set_input_delay -clock fx3_pclk -max [expr {$board_trace_max + $fx3_dq_t_co_max + $board_trace_max}] $fx3_dq
set_input_delay -clock fx3_pclk -min [expr {$board_trace_min + $fx3_dq_t_oh_min + $board_trace_min}] $fx3_dq
set_input_delay -clock fx3_pclk -max [expr {$board_trace_max + $fx3_flag_t_co_max + $board_trace_max}] $fx3_flags
set_input_delay -clock fx3_pclk -min [expr {$board_trace_min + $fx3_flag_t_oh_min + $board_trace_min}] $fx3_flags
# A word the FX3 launches at PCLK rising (PCLK_PHASE after a clk edge) is captured by the FPGA
# at the second clk edge after that one: the setup check moves one edge later, and the hold check
# stays against the clk edge just before the capture edge, the one that still takes the previous
# word (hence no -hold multicycle: that would relax the check by a cycle). Holds for
# 0 < PCLK_PHASE < 360; the bridge's latencies count the round trip as two clk cycles.
set_multicycle_path -setup 2 -from [get_clocks fx3_pclk] -to [get_clocks clk]

# ---- Every bus register in its pad (the bridge registers each output, output enable and input
# once; the single-cycle timing above relies on it).
set_property IOB TRUE $fx3_outputs
set_property IOB TRUE $fx3_flags
set_property IOB TRUE $fx3_dq
