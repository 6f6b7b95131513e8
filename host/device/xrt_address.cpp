#include "device/xrt_address.hpp"

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {
namespace {

constexpr std::string_view kForms = "xrt://[DEVICE]?xclbin=PATH[&kernel=NAME] (DEVICE: index or PCIe BDF, default 0)";

[[noreturn]] void refuse(std::string_view uri, const std::string& what) {
  throw InputError("", 0, "device", fmt::format("'{}': {}; accepted: {}", uri, what, kForms));
}

}  // namespace

XrtAddress parse_xrt_uri(std::string_view uri) {
  constexpr std::string_view scheme = "xrt://";
  if (!uri.starts_with(scheme)) refuse(uri, "not an xrt:// URI");
  const auto rest = uri.substr(scheme.size());
  const auto question = rest.find('?');
  XrtAddress address;
  if (const auto device = rest.substr(0, question); !device.empty()) address.device = std::string(device);
  auto query = question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = item.find('=');
    const auto key = item.substr(0, eq);
    const auto value = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    if (value.empty()) refuse(uri, fmt::format("'{}' has no value", key));
    if (key == "xclbin") address.xclbin = std::string(value);
    else if (key == "kernel") address.kernel = std::string(value);
    else refuse(uri, fmt::format("unknown parameter '{}' (allowed: xclbin, kernel)", key));
  }
  if (address.xclbin.empty()) refuse(uri, "the xclbin to load is missing");
  return address;
}

}  // namespace ionarray
