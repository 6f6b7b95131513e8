#pragma once
// Synapse parameter files (TOML): a named base set overridden field by field.
//
//   base = "vteam"
//   [synapse]
//   r_on = 20e3          # ohm
//   k_on = -2e4          # 1/s
//
// Unknown keys, wrong types and out-of-range values are InputErrors naming the file, the line,
// the field and what is allowed; the set is returned only after it validated whole.
#include <string>

#include <toml.hpp>

#include "reference/synapse_params.hpp"

namespace ionarray {

reference::SynapseParams load_synapse_file(const std::string& path);
// The same from a TOML table inside another file (a layout's inline set); errors name `path`.
reference::SynapseParams synapse_set_from_table(const toml::value& table, const std::string& path,
                                                const std::string& name);
// A named set ("vteam") or the path of a synapse parameter file (ending in .toml).
reference::SynapseParams resolve_synapse_set(const std::string& name_or_path);

}  // namespace ionarray
