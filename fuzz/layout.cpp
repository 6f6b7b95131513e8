// The layout reader (host/layout/) on any text: the input is the layout file, optionally followed
// by the files it may name, each after a line reading "%%": events.csv, synapses.csv and
// set.toml, in that order. A layout must either load (and then fit the fixed-point array or be
// refused by check_fixed_point_capacity with an InputError) or be refused with an InputError; any other
// exception, crash or sanitizer report is a bug. Chips beyond a 64 MB budget are refused by
// the reader itself, before allocating.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "layout/layout.hpp"

using namespace ionarray;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  set_memory_budget_bytes(64e6);
  const auto parts = fuzz::split_parts(data, size);
  static const char* kNamed[] = {"events.csv", "synapses.csv", "set.toml"};
  for (std::size_t k = 0; k < 3; ++k) fuzz::write_file(kNamed[k], k + 1 < parts.size() ? parts[k + 1] : "");
  const auto path = fuzz::write_file("layout.toml", parts[0]);
  try {
    const auto layout = load_layout(path);
    const auto& s = layout.spec;
    FUZZ_CHECK(s.tiles >= 1 && s.rows >= 1 && s.columns >= 1, "a chip of %d tiles of %d x %d", s.tiles, s.rows, s.columns);
    FUZZ_CHECK(s.conductance.size() == std::size_t(s.tiles), "%zu conductance tables for %d tiles", s.conductance.size(), s.tiles);
    for (const auto& tile : s.conductance) {
      FUZZ_CHECK(tile.size() == std::size_t(s.rows) * std::size_t(s.columns), "a tile of %zu synapses", tile.size());
      for (double g : tile) FUZZ_CHECK(std::isfinite(g) && g >= 0, "a synapse of %g S", g);
    }
    FUZZ_CHECK(s.routes.size() == std::size_t(s.neurons()), "%zu routes for %d neurons", s.routes.size(), s.neurons());
    for (const auto& targets : s.routes)
      for (const auto& r : targets)
        FUZZ_CHECK(r.tile >= 0 && r.tile < s.tiles && r.row >= 0 && r.row < s.rows, "a route to tile %d row %d", r.tile, r.row);
    for (const auto& e : layout.inputs.events)
      FUZZ_CHECK(e.step >= 0 && e.step < layout.steps && e.tile < s.tiles && e.row < s.rows, "an event at step %ld",
                 static_cast<long>(e.step));
    FUZZ_CHECK(std::abs(s.v_bias) <= 60 && std::abs(s.row_voltage) <= 60, "drives of %g V and %g V", s.v_bias, s.row_voltage);
    check_fixed_point_capacity(layout);
  } catch (const InputError&) {
    // refused, with file, line and field: what bad input should get
  }
  return 0;
}
