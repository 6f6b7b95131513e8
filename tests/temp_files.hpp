#pragma once
// Scratch files for tests, removed with their folder.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace ionarray::testing {

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("ionarray-test-" + std::to_string(std::random_device{}()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ionarray::testing
