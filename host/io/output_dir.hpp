#pragma once
// The folder an experiment writes into, and the writers for its files.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ionarray {

class OutputDir {
 public:
  explicit OutputDir(const std::filesystem::path& dir);  // creates it; InputError if it cannot
  std::filesystem::path file(const std::string& name) const { return dir_ / name; }
  void write_json(const std::string& name, const nlohmann::json& j) const;
  void write_text(const std::string& name, const std::string& text) const;
  const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// A CSV file written row by row; flushed and closed when it goes out of scope, so whatever
// was recorded before an error is on disk.
class CsvWriter {
 public:
  CsvWriter(const std::filesystem::path& path, const std::vector<std::string>& columns);
  void row(const std::vector<double>& values);
  void flush();

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
  std::filesystem::path path_;
};

}  // namespace ionarray
