#include "io/toml_file.hpp"

#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {
namespace {

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, surrogates or code points
// past U+10FFFF) starting at text[at], or 0 if there is none.
std::size_t utf8_sequence(const std::string& text, std::size_t at) {
  const auto byte = [&](std::size_t k) { return at + k < text.size() ? static_cast<unsigned char>(text[at + k]) : 0u; };
  const auto continuation = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned b = byte(0);
  if (b <= 0x7F) return 1;
  if (b >= 0xC2 && b <= 0xDF) return continuation(1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    const bool second = b == 0xE0 ? continuation(1, 0xA0) : b == 0xED ? continuation(1, 0x80, 0x9F) : continuation(1);
    return second && continuation(2) ? 3 : 0;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    const bool second = b == 0xF0 ? continuation(1, 0x90) : b == 0xF4 ? continuation(1, 0x80, 0x8F) : continuation(1);
    return second && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

void require_utf8(const std::string& path, const std::string& text) {
  long line = 1;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t n = utf8_sequence(text, at);
    if (n == 0)
      throw InputError(path, line, "", fmt::format("byte 0x{:02X} is not UTF-8; a TOML file must be UTF-8 text",
                                                   static_cast<unsigned char>(text[at])));
    if (text[at] == '\n') ++line;
    at += n;
  }
}

}  // namespace

toml::value parse_toml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "not a valid TOML file: it cannot be opened for reading");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  require_utf8(path, text);
  std::istringstream stream(text);
  try {
    return toml::parse(stream, path);
  } catch (const std::exception& ex) {
    throw InputError(path, 0, "", fmt::format("not a valid TOML file: {}", ex.what()));
  }
}

}  // namespace ionarray
