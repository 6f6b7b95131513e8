#pragma once
// open_device(): from a URI to the device behind it, over every backend of this program: the
// product's schemes (reference://, fixed://, fixed-link://, verilator://, usb://, xrt://, systemc://) and any
// the program adds (the tests add fault-injection://).
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "device/device.hpp"

namespace ionarray {

// InputError for an unknown or malformed URI, naming the schemes there are; DeviceError when the
// device cannot be reached.
std::unique_ptr<Device> open_device(std::string_view uri);

// Adds `scheme` (e.g. "fault-injection"): open_device() hands its URIs ("scheme://...") to
// `open`; `usage` is listed among the schemes when a URI is unknown. The product's schemes
// cannot be replaced.
using DeviceOpener = std::function<std::unique_ptr<Device>(const std::string& uri)>;
void add_device_scheme(const std::string& scheme, const std::string& usage, DeviceOpener open);

}  // namespace ionarray
