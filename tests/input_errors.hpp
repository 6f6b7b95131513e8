#pragma once
// The message of the InputError a call throws ("" when it throws none), for tests that check
// what an error names.
#include <string>

#include "io/input_error.hpp"
#include "layout/layout.hpp"

namespace ionarray::testing {

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

inline std::string layout_error(const std::string& path) { return error_of([&] { load_layout(path); }); }

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace ionarray::testing
