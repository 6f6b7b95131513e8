#include "io/input_error.hpp"

#include <fmt/format.h>

namespace ionarray {
namespace {
std::string compose(const std::string& file, long line, const std::string& field, const std::string& message) {
  std::string out;
  if (!file.empty()) out = line > 0 ? fmt::format("{}:{}: ", file, line) : fmt::format("{}: ", file);
  if (!field.empty() && message.find(field) == std::string::npos) out += fmt::format("{}: ", field);
  return out + message;
}
}  // namespace

InputError::InputError(const std::string& file, long line, const std::string& field, const std::string& message)
    : std::runtime_error(compose(file, line, field, message)) {}

}  // namespace ionarray
