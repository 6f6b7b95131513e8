#include "device/usb_address.hpp"

#include <charconv>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {
namespace {

constexpr std::string_view kForms = "usb://, usb://VID:PID or usb://VID:PID/SERIAL (VID and PID hexadecimal, e.g. usb://04b4:00f1)";

std::uint16_t parse_id(std::string_view text, const char* what, std::string_view uri) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, 16);
  if (text.empty() || text.size() > 4 || ec != std::errc() || ptr != end)
    throw InputError("", 0, "device", fmt::format("'{}': the {} '{}' is not a hexadecimal number of 1 to 4 digits; "
                                                  "accepted: {}", uri, what, text, kForms));
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string UsbAddress::describe() const {
  auto id = fmt::format("{:04x}:{:04x}", vendor, product);
  return serial ? fmt::format("{} with serial '{}'", id, *serial) : id;
}

UsbAddress parse_usb_uri(std::string_view uri) {
  constexpr std::string_view scheme = "usb://";
  if (!uri.starts_with(scheme))
    throw InputError("", 0, "device", fmt::format("'{}' is not a usb:// URI; accepted: {}", uri, kForms));
  const auto rest = uri.substr(scheme.size());
  UsbAddress address;
  if (rest.empty()) return address;
  const auto slash = rest.find('/');
  const auto ids = rest.substr(0, slash);
  const auto colon = ids.find(':');
  if (colon == std::string_view::npos)
    throw InputError("", 0, "device", fmt::format("'{}': expected VID:PID after usb://; accepted: {}", uri, kForms));
  address.vendor = parse_id(ids.substr(0, colon), "vendor ID", uri);
  address.product = parse_id(ids.substr(colon + 1), "product ID", uri);
  if (slash != std::string_view::npos) {
    const auto serial = rest.substr(slash + 1);
    if (serial.empty())
      throw InputError("", 0, "device", fmt::format("'{}': the serial number after '/' is empty; accepted: {}", uri, kForms));
    address.serial = std::string(serial);
  }
  return address;
}

}  // namespace ionarray
