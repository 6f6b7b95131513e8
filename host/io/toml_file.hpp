#pragma once
// Reads a user's TOML file (a layout, a parameter file): refused with an InputError naming the
// file (and, for bytes that are not UTF-8, the line) if it cannot be read or parsed. TOML files
// are UTF-8; checking that before parsing also keeps the parser (toml11 3.7) away from a read past
// its buffer that it makes on a literal string holding invalid UTF-8 (found by fuzzing).
#include <string>

#include <toml.hpp>

namespace ionarray {

toml::value parse_toml_file(const std::string& path);

}  // namespace ionarray
