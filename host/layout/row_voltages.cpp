// [[pulses.rows]]: a voltage of its own for some rows of every tile (e.g. inhibitory rows below
// the neurons' membrane voltage beside excitatory ones above it).
#include <fmt/format.h>

#include "layout/layout_tables.hpp"

namespace ionarray {

void read_row_voltages(TomlTable& pulses, Layout& l) {
  const auto& groups = pulses.child("rows");
  if (!groups.is_array()) pulses.fail("rows", "pulses.rows must be an array of tables ([[pulses.rows]])");
  l.spec.row_voltages.assign(static_cast<std::size_t>(l.spec.rows), l.spec.row_voltage);
  std::vector<bool> given(static_cast<std::size_t>(l.spec.rows), false);
  for (const auto& g : groups.as_array()) {
    TomlTable t(pulses.file(), g, "pulses.rows");
    const auto rows = t.integers("rows", 0, l.spec.rows - 1, 2, 2);
    if (rows[1] < rows[0]) t.fail("rows", fmt::format("rows = [{}, {}]: the first row must not exceed the last", rows[0], rows[1]));
    const double v = t.required_number("voltage", -reference::kMaxDriveVolts, reference::kMaxDriveVolts, "V");
    t.finish();
    for (long r = rows[0]; r <= rows[1]; ++r) {
      if (given[static_cast<std::size_t>(r)]) t.fail("rows", fmt::format("row {} is in two [[pulses.rows]] groups", r));
      given[static_cast<std::size_t>(r)] = true;
      l.spec.row_voltages[static_cast<std::size_t>(r)] = v;
    }
  }
}

}  // namespace ionarray
