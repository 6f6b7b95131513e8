# ionarray_usb_top on an FPGA board with a Cypress/Infineon FX3 in synchronous slave FIFO mode
# (32-bit GPIF II). Clock and timing structure only: see constraints/README.md. Every value
# marked TO FILL must be set from the board's schematic or the FX3 data sheet; until then the
# empty values make Vivado stop at this file instead of timing against invented numbers.

# ---- The design clock (= PCLK). 10 ns is 100 MHz, the slave FIFO's maximum.
set pclk_period 10.000
create_clock -name clk -period $pclk_period [get_ports clk_i]

# ---- PCLK leaves the FPGA through an output register (ODDR in the board wrapper); the bus is
# timed against it.
create_generated_clock -name fx3_pclk -source [get_ports clk_i] -multiply_by 1 [get_ports fx3_pclk_o]

# ---- FX3 synchronous slave FIFO timing, from the data sheet (ns). TO FILL.
set fx3_setup      {}  ;# input setup time of the FX3 (SLWR#, SLRD#, SLOE#, SLCS#, PKTEND#, A, DQ) TO FILL
set fx3_hold       {}  ;# input hold time of the FX3 TO FILL
set fx3_clk_to_out_max {}  ;# PCLK to DQ / FLAG valid, maximum TO FILL
set fx3_clk_to_out_min {}  ;# PCLK to DQ / FLAG, minimum (output hold) TO FILL
set board_trace    {}  ;# board trace delay, FPGA to FX3 (and back, same) TO FILL

set fx3_outputs [get_ports {fx3_dq[*] fx3_slcs_n_o fx3_slwr_n_o fx3_slrd_n_o fx3_sloe_n_o fx3_pktend_n_o fx3_a_o[*]}]
set fx3_inputs  [get_ports {fx3_dq[*] fx3_flaga_i fx3_flagb_i}]

set_output_delay -clock fx3_pclk -max [expr {$fx3_setup + $board_trace}] $fx3_outputs
set_output_delay -clock fx3_pclk -min [expr {-$fx3_hold + $board_trace}] $fx3_outputs
set_input_delay  -clock fx3_pclk -max [expr {$fx3_clk_to_out_max + 2 * $board_trace}] $fx3_inputs
set_input_delay  -clock fx3_pclk -min [expr {$fx3_clk_to_out_min + 2 * $board_trace}] $fx3_inputs

# ---- The bridge's bus registers belong in the pads.
set_property IOB TRUE $fx3_outputs
set_property IOB TRUE $fx3_inputs

# ---- The board reset is asynchronous (synchronized inside ionarray_usb_system).
set_false_path -from [get_ports rst_ni]

# ---- Pins and I/O standard: TO FILL from the board's schematic, one line per port, e.g.
# set_property -dict {PACKAGE_PIN <pin> IOSTANDARD <LVCMOS33|LVCMOS25|LVCMOS18>} [get_ports fx3_slwr_n_o]
