#pragma once
// Python values (dict, list, tuple, str, int, float, bool, os.PathLike, numpy scalars and arrays)
// as TOML values, so that a dict goes through the same readers as a file. Anything else is a
// ValueError naming its dotted key and what is allowed.
#include <string>

#include <pybind11/pybind11.h>
#include <toml.hpp>

#include "io/input_error.hpp"

namespace ionarray::python {

// `where`: the name of the value in errors (e.g. "Layout.from_dict").
toml::value toml_from_python(const pybind11::handle& value, const std::string& where);

// Runs a reader over values toml_from_python made; its InputError becomes a ValueError without
// the reader's line number (a dict has no lines: every in-memory value reads as line 1).
template <class Read>
auto read_in_memory(const std::string& source, Read read) {
  try {
    return read();
  } catch (const InputError& e) {
    std::string message = e.what();
    const std::string line_one = source + ":1: ";
    if (message.starts_with(line_one)) message = source + ": " + message.substr(line_one.size());
    throw pybind11::value_error(message);
  }
}

}  // namespace ionarray::python
