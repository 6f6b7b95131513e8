#pragma once
// What the parameter files of neurons and synapses share: a named base set overridden field by
// field, and a refusal of the finished set placed at the line of the field that caused it.
#include <map>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "io/input_error.hpp"
#include "io/toml_table.hpp"
#include "reference/device_params.hpp"

namespace ionarray {

// The set `base = "NAME"` of `top` names; an InputError naming the known sets when it names none.
// `what` says what kind of set ("set", "synapse set").
template <typename Set>
Set read_base_set(TomlTable& top, std::span<const std::string_view> names, Set (*named)(std::string_view),
                  std::string_view what) {
  if (!top.has("base") || !top.child("base").is_string())
    throw InputError(top.file(), 1, "base", fmt::format("needs base = \"NAME\" naming the {} to start from; known sets: {}",
                                                        what, fmt::join(names, ", ")));
  try {
    return named(top.required_text("base"));
  } catch (const reference::ParameterError& ex) {
    top.fail("base", ex.what());
  }
}

// validate(set); a refused field becomes an InputError at its line in the file (`lines`: field ->
// line), or says the value came from the base set `base`.
template <typename Set, typename Validate>
void validate_at_lines(const Set& set, Validate validate, const std::string& path, const std::map<std::string, long>& lines,
                       const std::string& base) {
  try {
    validate(set);
  } catch (const reference::ParameterError& ex) {
    const auto it = lines.find(ex.field());
    const std::string from = it != lines.end() ? "" : fmt::format(" (value from base set '{}')", base);
    throw InputError(path, it != lines.end() ? it->second : 0, ex.field(), ex.what() + from);
  }
}

}  // namespace ionarray
