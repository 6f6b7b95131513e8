#include "estimate/parts.hpp"

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray::estimate {

// Device totals from AMD's product tables. The Alveo cards' shells (XRT platform) take a share
// of them, so a card holds somewhat fewer tiles than the device.
const std::vector<Part>& known_parts() {
  static const std::vector<Part> parts = {
      {"xcu55c", "xcup", "Alveo U55C (Virtex UltraScale+ XCU55C, VU47P-class, HBM)", 1303680, 2607360, 9024, 2016,
       "DS978 Alveo U55C data sheet; DS890 UltraScale+ product table (VU47P)"},
      {"xcu250", "xcup", "Alveo U250 (Virtex UltraScale+ XCU250, VU13P-class)", 1728000, 3456000, 12288, 2688,
       "DS962 Alveo U200/U250 data sheet; DS890 UltraScale+ product table (VU13P)"},
      {"xc7k325t", "xc7", "Kintex-7 XC7K325T", 203800, 407600, 840, 445, "DS180 7 Series product table"},
      {"xc7a100t", "xc7", "Artix-7 XC7A100T", 63400, 126800, 240, 135, "DS180 7 Series product table"},
  };
  return parts;
}

const Part& find_part(const std::string& name) {
  std::string names;
  for (const auto& p : known_parts()) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  throw InputError("", 0, "--part", fmt::format("unknown part '{}'; known parts: {}", name, names));
}

}  // namespace ionarray::estimate
