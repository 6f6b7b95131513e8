#include "io/param_file.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <toml.hpp>

#include "io/input_error.hpp"

namespace ionarray {
namespace rf = reference;
namespace {

struct Entry {
  std::string section, key;
  const toml::value* value;
  long line;
};

long line_of(const toml::value& v) { return static_cast<long>(v.location().line()); }

std::string type_error(const std::string& field, const char* wanted) {
  return fmt::format("{} must be {}", field, wanted);
}

double number(const std::string& path, const Entry& e) {
  if (e.value->is_floating()) return e.value->as_floating();
  if (e.value->is_integer()) return static_cast<double>(e.value->as_integer());
  throw InputError(path, e.line, e.section + "." + e.key, type_error(e.section + "." + e.key, "a number"));
}

std::string text(const std::string& path, const Entry& e) {
  if (!e.value->is_string())
    throw InputError(path, e.line, e.section + "." + e.key, type_error(e.section + "." + e.key, "a string"));
  return e.value->as_string().str;
}

std::string allowed_keys(std::string_view section, std::vector<std::string> extra) {
  std::vector<std::string> keys = std::move(extra);
  for (const auto& f : rf::numeric_fields())
    if (f.section == section) keys.emplace_back(f.key);
  return fmt::format("{}", fmt::join(keys, ", "));
}

void apply(const std::string& path, const Entry& e, rf::ParameterSet& set) {
  const std::string field = e.section + "." + e.key;
  if (field == "device.polarity") {
    const auto p = text(path, e);
    if (p != "symmetric" && p != "asymmetric")
      throw InputError(path, e.line, field, fmt::format("'{}' is not allowed; allowed: \"symmetric\", \"asymmetric\"", p));
    set.device.polarity = p == "symmetric" ? rf::Polarity::symmetric : rf::Polarity::asymmetric;
  } else if (field == "device.c2c") {
    if (!e.value->is_boolean()) throw InputError(path, e.line, field, type_error(field, "true or false"));
    set.device.c2c = e.value->as_boolean();
  } else if (field == "drive.kind") {
    const auto k = text(path, e);
    static const std::map<std::string, rf::DriveKind> kinds = {
        {"dc", rf::DriveKind::dc}, {"pulse", rf::DriveKind::pulse}, {"pwl", rf::DriveKind::pwl}};
    const auto it = kinds.find(k);
    if (it == kinds.end())
      throw InputError(path, e.line, field, fmt::format("'{}' is not allowed; allowed: \"dc\", \"pulse\", \"pwl\"", k));
    set.drive.kind = it->second;
  } else if (field == "drive.pwl_file") {
    const std::filesystem::path p = text(path, e);
    set.drive.pwl_file = (p.is_absolute() ? p : std::filesystem::path(path).parent_path() / p).string();
  } else if (const auto* f = rf::find_numeric_field(e.section, e.key)) {
    f->ref(set) = number(path, e);
  } else {
    const std::vector<std::string> extra =
        e.section == "device"  ? std::vector<std::string>{"polarity", "c2c"}
        : e.section == "drive" ? std::vector<std::string>{"kind", "pwl_file"}
                               : std::vector<std::string>{};
    throw InputError(path, e.line, field, fmt::format("unknown parameter '{}'; allowed in [{}]: {}", e.key,
                                                      e.section, allowed_keys(e.section, extra)));
  }
}

}  // namespace

rf::ParameterSet load_parameter_file(const std::string& path) {
  toml::value root;
  try {
    root = toml::parse(path);
  } catch (const std::exception& ex) {
    throw InputError(path, 0, "", fmt::format("not a valid TOML file: {}", ex.what()));
  }
  return parameter_set_from_table(root, path, std::filesystem::path(path).stem().string());
}

rf::ParameterSet parameter_set_from_table(const toml::value& root, const std::string& path, const std::string& name) {
  const auto& table = root.as_table();

  const auto base_it = table.find("base");
  if (base_it == table.end() || !base_it->second.is_string())
    throw InputError(path, 1, "base", fmt::format("needs base = \"NAME\" naming the set to start from; known sets: {}",
                                                  fmt::join(rf::set_names(), ", ")));
  rf::ParameterSet set;
  try {
    set = rf::named_set(base_it->second.as_string().str);
  } catch (const rf::ParameterError& ex) {
    throw InputError(path, line_of(base_it->second), "base", ex.what());
  }

  std::vector<Entry> entries;
  for (const auto& [section, value] : table) {
    if (section == "base") continue;
    if (section != "device" && section != "circuit" && section != "drive")
      throw InputError(path, line_of(value), section,
                       fmt::format("unknown table or key '{}'; allowed: base, [device], [circuit], [drive]", section));
    if (!value.is_table()) throw InputError(path, line_of(value), section, fmt::format("'{}' must be a table", section));
    for (const auto& [key, v] : value.as_table()) entries.push_back({section, key, &v, line_of(v)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.line < b.line; });
  for (const auto& e : entries) apply(path, e, set);
  set.name = name;

  try {
    rf::validate(set);
  } catch (const rf::ParameterError& ex) {
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const Entry& e) { return e.section + "." + e.key == ex.field(); });
    const long line = it != entries.end() ? it->line : 0;
    const std::string from = it != entries.end() ? "" : fmt::format(" (value from base set '{}')", base_it->second.as_string().str);
    throw InputError(path, line, ex.field(), ex.what() + from);
  }
  return set;
}

rf::ParameterSet resolve_parameter_set(const std::string& name_or_path) {
  if (name_or_path.ends_with(".toml") || std::filesystem::exists(name_or_path))
    return load_parameter_file(name_or_path);
  try {
    return rf::named_set(name_or_path);
  } catch (const rf::ParameterError& ex) {
    throw InputError("", 0, "--set", std::string(ex.what()) + ", or the path of a .toml parameter file");
  }
}

void validate_or_throw(const rf::ParameterSet& set, const std::string& source) {
  try {
    rf::validate(set);
  } catch (const rf::ParameterError& ex) {
    throw InputError(source, 0, ex.field(), ex.what());
  }
}

std::string parameter_file_text(const rf::ParameterSet& set, const std::string& base,
                                const std::vector<std::string>& fields, const std::string& header_comment) {
  std::string out;
  for (std::size_t start = 0; start < header_comment.size();) {
    const auto end = header_comment.find('\n', start);
    out += "# " + header_comment.substr(start, end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  out += fmt::format("base = \"{}\"\n", base);
  rf::ParameterSet copy = set;
  for (std::string_view section : {"device", "circuit", "drive"}) {
    std::string body;
    for (const auto& f : rf::numeric_fields())
      if (f.section == section && std::find(fields.begin(), fields.end(), f.path()) != fields.end())
        body += fmt::format("{} = {:.6g}\n", f.key, f.ref(copy));
    if (!body.empty()) out += fmt::format("\n[{}]\n{}", section, body);
  }
  return out;
}

}  // namespace ionarray
