# Vitis HLS: C synthesis of the ionarray kernel (run from the repository root by `make hls`).
# Part and clock are overridable: vitis_hls -f hls/scripts/csynth.tcl -tclargs xcu250-figd2104-2L-e 4.0
set part  [expr {[llength $argv] > 0 ? [lindex $argv 0] : "xcu55c-fsvh2892-2L-e"}]
set clock [expr {[llength $argv] > 1 ? [lindex $argv 1] : "4.0"}]

open_project -reset build/hls
set_top ionarray_top
add_files hls/top/ionarray_top.cpp -cflags "-std=c++17 -Ihls -Ibuild/generated"
open_solution -reset "solution_${part}" -flow_target vitis
set_part $part
create_clock -period $clock -name default
config_interface -m_axi_latency 64
csynth_design
exit
