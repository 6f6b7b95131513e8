#include "io/param_file.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <toml.hpp>

#include "io/base_set.hpp"
#include "io/input_error.hpp"
#include "io/toml_file.hpp"
#include "io/toml_table.hpp"

namespace ionarray {
namespace rf = reference;
namespace {

constexpr double kAny = std::numeric_limits<double>::infinity();  // (ranges: rf::validate, on the whole set)

// The keys of [section]: the set's numeric fields and the section's others.
std::vector<std::string> keys_of(std::string_view section, std::vector<std::string> others) {
  for (const auto& f : rf::numeric_fields())
    if (f.section == section) others.emplace_back(f.key);
  return others;
}

// Reads [section] into `set`; records the line of each field read ("section.key").
void read_section(TomlTable& t, const std::string& section, rf::ParameterSet& set, std::map<std::string, long>& lines) {
  std::vector<std::string> others;
  if (section == "device") {
    others = {"polarity", "c2c"};
    if (t.has("polarity"))
      set.device.polarity = t.text("polarity", {"symmetric", "asymmetric"}, "") == "symmetric" ? rf::Polarity::symmetric
                                                                                                : rf::Polarity::asymmetric;
    set.device.c2c = t.boolean("c2c", set.device.c2c);
  } else if (section == "drive") {
    others = {"kind", "pwl_file"};
    static const std::map<std::string, rf::DriveKind> kinds = {
        {"dc", rf::DriveKind::dc}, {"pulse", rf::DriveKind::pulse}, {"pwl", rf::DriveKind::pwl}};
    if (t.has("kind")) set.drive.kind = kinds.at(t.text("kind", {"dc", "pulse", "pwl"}, ""));
    if (t.has("pwl_file")) {  // (relative to the parameter file's folder)
      const std::filesystem::path p = t.required_text("pwl_file");
      set.drive.pwl_file = (p.is_absolute() ? p : std::filesystem::path(t.file()).parent_path() / p).string();
    }
  }
  for (const auto& f : rf::numeric_fields()) {
    const std::string key(f.key);
    if (f.section == section && t.has(key)) {
      f.ref(set) = t.number(key, -kAny, kAny, 0);
      lines[section + "." + key] = t.line_of(key);
    }
  }
  for (const auto& key : others)
    if (t.has(key)) lines[section + "." + key] = t.line_of(key);
  t.finish(keys_of(section, others), "parameter");
}

}  // namespace

rf::ParameterSet load_parameter_file(const std::string& path) {
  return parameter_set_from_table(parse_toml_file(path), path, std::filesystem::path(path).stem().string());
}

rf::ParameterSet parameter_set_from_table(const toml::value& root, const std::string& path, const std::string& name) {
  TomlTable top(path, root, "");
  rf::ParameterSet set = read_base_set(top, rf::set_names(), &rf::named_set, "set");
  const std::string base = set.name;
  std::map<std::string, long> lines;  // "section.key" -> its line
  for (const std::string section : {"device", "circuit", "drive"})
    if (top.has(section)) {
      TomlTable t(path, top.child(section), section);
      read_section(t, section, set, lines);
    }
  top.finish({"base", "[device]", "[circuit]", "[drive]"}, "table or key");
  set.name = name;
  validate_at_lines(set, [](const rf::ParameterSet& s) { rf::validate(s); }, path, lines, base);
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

std::string base_set_name(const std::string& name_or_path) {
  if (!(name_or_path.ends_with(".toml") || std::filesystem::exists(name_or_path))) return name_or_path;
  const toml::value root = parse_toml_file(name_or_path);  // (TomlTable keeps a reference to it)
  TomlTable top(name_or_path, root, "");
  return top.required_text("base");
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
