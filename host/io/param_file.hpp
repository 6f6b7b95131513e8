#pragma once
// Parameter files (TOML): a named base set overridden field by field.
//
//   base = "dc-symmetric"
//   [device]
//   mu = 62.5
//   polarity = "symmetric"    # or "asymmetric"
//   c2c = true
//   [circuit]
//   dt = 1e-3
//   [drive]
//   kind = "pulse"            # "dc", "pulse" or "pwl"
//   pwl_file = "wave.csv"     # relative to this file's folder
//
// Unknown tables or keys, wrong types and out-of-range values are InputErrors naming the file,
// the line, the field and what is allowed. Nothing is half-applied: the set is returned only
// after it validated whole.
#include <string>
#include <vector>

#include <toml.hpp>

#include "reference/device_params.hpp"

namespace ionarray {

reference::ParameterSet load_parameter_file(const std::string& path);
// The same from a TOML table inside another file (a layout's inline set); errors name `path`.
reference::ParameterSet parameter_set_from_table(const toml::value& table, const std::string& path,
                                                 const std::string& name);

// A named set ("lif") or the path of a parameter file ("params/x.toml").
reference::ParameterSet resolve_parameter_set(const std::string& name_or_path);

// The published set a named set or parameter file starts from: the name itself, or the file's
// `base` (a set fitted from a file is written as overrides of that base).
std::string base_set_name(const std::string& name_or_path);

// Validates a set assembled from command-line options; errors name the option source.
void validate_or_throw(const reference::ParameterSet& set, const std::string& source);

// Writes a parameter file overriding `fields` ("section.key") of the base set `base`.
std::string parameter_file_text(const reference::ParameterSet& set, const std::string& base,
                                const std::vector<std::string>& fields, const std::string& header_comment);

}  // namespace ionarray
