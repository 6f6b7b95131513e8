#pragma once
// Strict reading of one TOML table: every key must be one the reader asks for, every value of
// the right type and range; errors name the file, the line, the dotted field and what is allowed.
#include <set>
#include <string>
#include <vector>

#include <toml.hpp>

namespace ionarray {

class TomlTable {
 public:
  TomlTable(std::string file, const toml::value& value, std::string path);

  bool has(const std::string& key) const;
  double number(const std::string& key, double min, double max, double fallback, const std::string& unit = "");
  double required_number(const std::string& key, double min, double max, const std::string& unit = "");
  long integer(const std::string& key, long min, long max, long fallback);
  bool boolean(const std::string& key, bool fallback);
  std::string text(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback);
  std::string required_text(const std::string& key);
  std::vector<long> integers(const std::string& key, long min, long max, std::size_t count_min, std::size_t count_max);
  const toml::value& child(const std::string& key);  // marks the key known; caller checks its type
  // Refuses any key not asked for, naming the allowed ones (`allowed`, else those asked for);
  // `what` names a key in the message ("key", "parameter").
  void finish(const std::vector<std::string>& allowed = {}, const std::string& what = "key") const;

  long line_of(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  const std::string& file() const { return file_; }

 private:
  const toml::value& get(const std::string& key);
  std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  std::string file_;
  const toml::value& value_;
  std::string path_;
  std::set<std::string> known_;
};

}  // namespace ionarray
