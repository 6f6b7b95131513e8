#pragma once
// Bad user input: what() reads "FILE:LINE: FIELD: message" (parts left out when unknown),
// so every error names where it came from and what is allowed.
#include <stdexcept>
#include <string>

namespace ionarray {

class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, long line, const std::string& field, const std::string& message);
  explicit InputError(const std::string& message) : InputError("", 0, "", message) {}
};

}  // namespace ionarray
