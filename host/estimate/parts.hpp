#pragma once
// FPGA parts `ionarray estimate` can project onto: device totals of the resources synthesis
// reports (LUT, FF, DSP, block RAM in 36 Kb units).
#include <string>
#include <vector>

namespace ionarray::estimate {

struct Part {
  std::string name;         // as given to --part
  std::string family;       // Yosys synth_xilinx -family whose results apply: "xcup" or "xc7"
  std::string description;  // device and card
  double luts, ffs, dsps, bram36;
  std::string source;       // the AMD product table the figures come from
};

const std::vector<Part>& known_parts();

// The part named `name`; throws InputError naming the field and listing the known parts.
const Part& find_part(const std::string& name);

}  // namespace ionarray::estimate
