#include "io/output_dir.hpp"

#include <fstream>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {

OutputDir::OutputDir(const std::filesystem::path& dir) : dir_(dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_))
    throw InputError(dir_.string(), 0, "--out", fmt::format("cannot create output folder: {}", ec.message()));
}

void OutputDir::write_text(const std::string& name, const std::string& text) const {
  std::ofstream out(file(name));
  out << text;
  if (!out) throw InputError(file(name).string(), 0, "", "cannot write file");
}

void OutputDir::write_json(const std::string& name, const nlohmann::json& j) const {
  write_text(name, j.dump(2) + "\n");
}

CsvWriter::CsvWriter(const std::filesystem::path& path, const std::vector<std::string>& columns)
    : file_(std::fopen(path.c_str(), "w")), path_(path) {
  if (!file_) throw InputError(path.string(), 0, "", "cannot open file for writing");
  fmt::print(file_.get(), "{}\n", fmt::join(columns, ","));
}

void CsvWriter::row(const std::vector<double>& values) {
  fmt::print(file_.get(), "{:.9g}\n", fmt::join(values, ","));
}

void CsvWriter::flush() { std::fflush(file_.get()); }

}  // namespace ionarray
