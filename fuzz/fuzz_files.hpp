#pragma once
// Fuzz inputs as files: the readers under test take paths, so each input is written to a
// private temporary folder (one per process, removed at exit; the same few names are rewritten
// for every input).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace ionarray::fuzz {

inline void remove_scratch_dir();

inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("ionarray-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  // (registered once `dir` is complete, so that it runs before `dir` is destroyed)
  [[maybe_unused]] static const bool removed_at_exit = std::atexit(remove_scratch_dir) == 0;
  return dir;
}

inline void remove_scratch_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir(), ignored);
}

// Writes `text` to `name` in the scratch folder; returns its path.
inline std::string write_file(const std::string& name, std::string_view text) {
  const auto path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
  return path.string();
}

// Splits an input into parts at lines reading exactly "%%" (a layout and the files it names).
inline std::vector<std::string_view> split_parts(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t at; (at = all.find("\n%%\n", start)) != std::string_view::npos; start = at + 4)
    parts.push_back(all.substr(start, at + 1 - start));
  parts.push_back(all.substr(start));
  return parts;
}

// 64-bit little-endian words from the bytes (a trailing partial word is dropped).
inline std::vector<std::uint64_t> words_of(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint64_t> words(size / 8, 0);
  for (std::size_t i = 0; i < words.size() * 8; ++i) words[i / 8] |= std::uint64_t(data[i]) << (8 * (i % 8));
  return words;
}

}  // namespace ionarray::fuzz
