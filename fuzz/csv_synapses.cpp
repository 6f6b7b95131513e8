// Conductance matrices from a CSV file (tile,row,column,g; a layout's [synapses] kind = "csv")
// on any text, read into a chip of 2 tiles of 8 x 8 with 4 levels up to 100 uS. A file either
// programs every synapse within 0 .. g_max, or is refused with an InputError naming the CSV.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"

using namespace ionarray;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto layout_path = fuzz::write_file("synapse-layout.toml", R"([chip]
tiles = [1, 2]
rows = 8
columns = 8
[neurons]
set = "lif"
[synapses]
kind = "csv"
file = "synapses.csv"
g_max = 100e-6
levels = 4
[pulses]
[run]
steps = 100
)");
  const auto csv_path = fuzz::write_file("synapses.csv", {reinterpret_cast<const char*>(data), size});
  try {
    const auto layout = load_layout(layout_path);
    FUZZ_CHECK(layout.spec.conductance.size() == 2, "%zu tiles", layout.spec.conductance.size());
    for (const auto& tile : layout.spec.conductance) {
      FUZZ_CHECK(tile.size() == 64, "a tile of %zu synapses", tile.size());
      for (double g : tile) FUZZ_CHECK(g >= 0 && g <= 100e-6 * (1 + 1e-9), "a synapse of %g S", g);
    }
  } catch (const InputError& e) {
    FUZZ_CHECK(std::string(e.what()).find(csv_path) != std::string::npos, "an error not naming the CSV: %s", e.what());
  }
  return 0;
}
