#include "io/synapse_file.hpp"

#include <filesystem>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "io/base_set.hpp"
#include "io/input_error.hpp"
#include "io/toml_file.hpp"
#include "io/toml_table.hpp"
#include "reference/device_params.hpp"

namespace ionarray {
namespace rf = reference;

rf::SynapseParams load_synapse_file(const std::string& path) {
  return synapse_set_from_table(parse_toml_file(path), path, std::filesystem::path(path).stem().string());
}

rf::SynapseParams synapse_set_from_table(const toml::value& root, const std::string& path, const std::string& name) {
  TomlTable top(path, root, "");
  rf::SynapseParams set = read_base_set(top, rf::synapse_set_names(), &rf::named_synapse_set, "synapse set");
  const std::string base = set.name;
  std::map<std::string, long> lines;  // "synapse.key" -> its line
  if (top.has("synapse")) {
    TomlTable t(path, top.child("synapse"), "synapse");
    std::vector<std::string> keys;
    constexpr double kAny = std::numeric_limits<double>::infinity();  // (ranges: rf::validate, on the whole set)
    for (const auto& f : rf::synapse_fields()) {
      const std::string key(f.key);
      keys.push_back(key);
      if (!t.has(key)) continue;
      set.*f.member = t.number(key, -kAny, kAny, 0);
      lines["synapse." + key] = t.line_of(key);
    }
    t.finish(keys, "parameter");
  }
  top.finish({"base", "[synapse]"}, "table or key");
  set.name = name;
  validate_at_lines(set, [](const rf::SynapseParams& s) { rf::validate(s); }, path, lines, base);
  return set;
}

rf::SynapseParams resolve_synapse_set(const std::string& name_or_path) {
  if (name_or_path.ends_with(".toml")) return load_synapse_file(name_or_path);
  try {
    return rf::named_synapse_set(name_or_path);
  } catch (const rf::ParameterError& ex) {
    throw InputError("", 0, "set", std::string(ex.what()) + ", or the path of a .toml synapse parameter file");
  }
}

}  // namespace ionarray
