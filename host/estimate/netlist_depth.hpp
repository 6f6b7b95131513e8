#pragma once
// The deepest register-to-register path of a synthesized Xilinx netlist (Yosys `write_json`
// after synth_xilinx, flattened), counted in logic levels: a LUT, a MUXF7/8/9 or a DSP48E2 used
// without its registers counts one; a CARRY8 one; a CARRY4 half (Yosys 0.23 maps carries to
// CARRY4 even for UltraScale+, where two of them are one CARRY8); inverters and constants none.
// Flip-flops, shift-register LUTs, block RAMs and DSP48E2s with their input, multiplier and output
// registers in use are path ends.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ionarray::estimate {

struct NetlistDepth {
  double levels = 0;                 // weighted, as above
  long cells = 0;                    // cells on that path (what `ltp -noff` counts)
  std::vector<std::string> path;     // cell types along it, from the launching register
  long registered_dsps = 0;          // DSP48E2 with A/B, M and P registers
  long unregistered_dsps = 0;        // DSP48E2 missing one of them (counted as logic)
};

// `netlist` is Yosys JSON; `top` the flattened module to measure. Throws std::invalid_argument
// on a combinational loop or a missing module.
NetlistDepth netlist_depth(const nlohmann::json& netlist, const std::string& top);

}  // namespace ionarray::estimate
