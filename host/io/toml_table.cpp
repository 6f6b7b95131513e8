#include "io/toml_table.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {

TomlTable::TomlTable(std::string file, const toml::value& value, std::string path)
    : file_(std::move(file)), value_(value), path_(std::move(path)) {
  if (!value_.is_table())
    throw InputError(file_, static_cast<long>(value_.location().line()), path_, fmt::format("{} must be a table", path_));
}

bool TomlTable::has(const std::string& key) const { return value_.as_table().count(key) > 0; }

long TomlTable::line_of(const std::string& key) const {
  const auto& t = value_.as_table();
  const auto it = t.find(key);
  return static_cast<long>((it != t.end() ? it->second : value_).location().line());
}

void TomlTable::fail(const std::string& key, const std::string& message) const {
  throw InputError(file_, line_of(key), field(key), message);
}

const toml::value& TomlTable::get(const std::string& key) {
  known_.insert(key);
  return value_.as_table().at(key);
}

const toml::value& TomlTable::child(const std::string& key) {
  if (!has(key)) fail(key, fmt::format("{} is required", field(key)));
  return get(key);
}

double TomlTable::number(const std::string& key, double min, double max, double fallback, const std::string& unit) {
  known_.insert(key);
  if (!has(key)) return fallback;
  const auto& v = get(key);
  double x = 0;
  if (v.is_floating()) x = v.as_floating();
  else if (v.is_integer()) x = static_cast<double>(v.as_integer());
  else fail(key, fmt::format("{} must be a number", field(key)));
  const std::string u = unit.empty() ? std::string() : fmt::format(" {}", unit);
  if (!std::isfinite(x) || x < min || x > max)
    fail(key, fmt::format("{} = {:g}{} is out of range; allowed {:g} .. {:g}{}", field(key), x, u, min, max, u));
  return x;
}

double TomlTable::required_number(const std::string& key, double min, double max, const std::string& unit) {
  if (!has(key)) fail(key, fmt::format("{} is required (a number, {:g} .. {:g} {})", field(key), min, max, unit));
  return number(key, min, max, 0, unit);
}

long TomlTable::integer(const std::string& key, long min, long max, long fallback) {
  known_.insert(key);
  if (!has(key)) return fallback;
  const auto& v = get(key);
  if (!v.is_integer()) fail(key, fmt::format("{} must be an integer", field(key)));
  const auto x = static_cast<long>(v.as_integer());
  if (x < min || x > max) fail(key, fmt::format("{} = {} is out of range; allowed {} .. {}", field(key), x, min, max));
  return x;
}

bool TomlTable::boolean(const std::string& key, bool fallback) {
  known_.insert(key);
  if (!has(key)) return fallback;
  const auto& v = get(key);
  if (!v.is_boolean()) fail(key, fmt::format("{} must be true or false", field(key)));
  return v.as_boolean();
}

std::string TomlTable::text(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback) {
  known_.insert(key);
  if (!has(key)) return fallback;
  const auto& v = get(key);
  if (!v.is_string()) fail(key, fmt::format("{} must be a string", field(key)));
  const std::string s = v.as_string().str;
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end())
    fail(key, fmt::format("{} = \"{}\" is not allowed; allowed: \"{}\"", field(key), s, fmt::join(allowed, "\", \"")));
  return s;
}

std::string TomlTable::required_text(const std::string& key) {
  if (!has(key)) fail(key, fmt::format("{} is required", field(key)));
  return text(key, {}, "");
}

std::vector<long> TomlTable::integers(const std::string& key, long min, long max, std::size_t count_min,
                                      std::size_t count_max) {
  const auto& v = child(key);
  if (!v.is_array()) fail(key, fmt::format("{} must be an array of integers", field(key)));
  std::vector<long> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_integer()) fail(key, fmt::format("{} must hold integers only", field(key)));
    const auto x = static_cast<long>(e.as_integer());
    if (x < min || x > max) fail(key, fmt::format("{}: {} is out of range; allowed {} .. {}", field(key), x, min, max));
    out.push_back(x);
  }
  if (out.size() < count_min || out.size() > count_max)
    fail(key, fmt::format("{} has {} entries; allowed {} .. {}", field(key), out.size(), count_min, count_max));
  return out;
}

void TomlTable::finish(const std::vector<std::string>& allowed, const std::string& what) const {
  for (const auto& [key, v] : value_.as_table())
    if (!known_.count(key)) {
      const std::string where = path_.empty() ? std::string() : fmt::format(" in [{}]", path_);
      const std::string names = allowed.empty() ? fmt::format("{}", fmt::join(known_, ", ")) : fmt::format("{}", fmt::join(allowed, ", "));
      throw InputError(file_, static_cast<long>(v.location().line()), field(key),
                       fmt::format("unknown {} '{}'{}; allowed: {}", what, key, where, names));
    }
}

}  // namespace ionarray
