#pragma once
// The readers of a layout's larger tables, one file each (internal to host/layout/).
#include <string>

#include "layout/layout.hpp"
#include "io/toml_table.hpp"

namespace ionarray {

// `name` relative to the folder of `file`, unless it is absolute.
std::string relative_to(const std::string& file, const std::string& name);

// [synapses]: generated (random, sparse, identity), inline matrices or a CSV file.
void read_synapses(TomlTable t, Layout& l);

// [plasticity]: drift-memristor synapses for the chip or a region, their set and pulse scheme
// (after [synapses] and [pulses], whose g_max and steps it checks against).
void read_plasticity(TomlTable t, Layout& l);

// [[pulses.rows]] inside [pulses]: voltages of their own for groups of rows.
void read_row_voltages(TomlTable& pulses, Layout& l);

// [record]: which neurons and state fields are traced, every how many steps.
void read_record(TomlTable t, Layout& l);

// [partition]: the tiles of each device of a chip spread over several.
void read_partition(TomlTable t, Layout& l);

}  // namespace ionarray
