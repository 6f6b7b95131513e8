#include "device/libusb_endpoints.hpp"

#include <libusb.h>

#include <vector>

#include <fmt/format.h>

#include "device/device.hpp"
#include "device/libusb_streaming.hpp"
#include "device/usb_transfer_policy.hpp"

namespace ionarray {
namespace {

// The bridge firmware streams on the bulk endpoints of its interface 0.
constexpr int kInterface = 0;

struct DeviceListDeleter {
  void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
struct ConfigDeleter {
  void operator()(libusb_config_descriptor* c) const { libusb_free_config_descriptor(c); }
};

std::string where(libusb_device* d, const libusb_device_descriptor& desc) {
  return fmt::format("{:04x}:{:04x} on bus {}, address {}", desc.idVendor, desc.idProduct, libusb_get_bus_number(d),
                     libusb_get_device_address(d));
}

std::string read_serial(libusb_device_handle* h, const libusb_device_descriptor& desc) {
  if (desc.iSerialNumber == 0) return {};
  unsigned char text[256] = {};
  const int n = libusb_get_string_descriptor_ascii(h, desc.iSerialNumber, text, sizeof text);
  return n > 0 ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n)) : std::string();
}

// Bits 10..0 of wMaxPacketSize are the packet size (the bits above count extra transactions of
// high-speed interrupt and isochronous endpoints).
std::size_t packet_size(const libusb_endpoint_descriptor& ep) { return ep.wMaxPacketSize & 0x7FFu; }

// The first bulk OUT and bulk IN endpoints of interface 0, alternate setting 0, as described for
// the speed the device runs at.
BulkEndpointPair find_bulk_pair(libusb_device* d, const std::string& uri, const std::string& name) {
  libusb_config_descriptor* raw = nullptr;
  if (const int rc = libusb_get_active_config_descriptor(d, &raw); rc < 0)
    throw DeviceError(fmt::format("{}: cannot read the configuration of {}: {}", uri, name, usb_error(rc)));
  const std::unique_ptr<libusb_config_descriptor, ConfigDeleter> config(raw);
  BulkEndpointPair e;
  if (config->bNumInterfaces > kInterface && config->interface[kInterface].num_altsetting > 0) {
    const auto& alt = config->interface[kInterface].altsetting[0];
    for (int k = 0; k < alt.bNumEndpoints; ++k) {
      const auto& ep = alt.endpoint[k];
      if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
      const bool in = (ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN;
      if (in && e.in == 0) {
        e.in = ep.bEndpointAddress;
        e.in_packet = packet_size(ep);
      }
      if (!in && e.out == 0) {
        e.out = ep.bEndpointAddress;
        e.out_packet = packet_size(ep);
      }
    }
  }
  if (e.in == 0 || e.out == 0)
    throw DeviceError(fmt::format("{}: interface {} of {} has no bulk OUT and bulk IN endpoint pair; is the ionarray "
                                  "bridge firmware loaded?", uri, kInterface, name));
  return e;
}

std::unique_ptr<ClaimedInterface> claim_interface(libusb_device_handle* h, const std::string& uri,
                                                  const std::string& name) {
  libusb_set_auto_detach_kernel_driver(h, 1);  // LIBUSB_ERROR_NOT_SUPPORTED is harmless
  if (const int rc = libusb_claim_interface(h, kInterface); rc < 0)
    throw DeviceError(fmt::format("{}: cannot claim interface {} of {}: {}{}", uri, kInterface, name, usb_error(rc),
                                  rc == LIBUSB_ERROR_BUSY ? " (another program, perhaps another ionarray, has it)" : ""));
  return std::make_unique<ClaimedInterface>(h, kInterface);
}

}  // namespace

std::unique_ptr<BulkEndpoints> open_libusb_endpoints(const UsbAddress& address, const std::string& uri) {
  libusb_context* raw_context = nullptr;
  if (const int rc = libusb_init(&raw_context); rc < 0)
    throw DeviceError(fmt::format("{}: cannot start libusb: {} (is USB reachable here? in a container, pass "
                                  "/dev/bus/usb through)", uri, usb_error(rc)));
  LibusbContext context(raw_context);

  libusb_device** raw_list = nullptr;
  const auto count = libusb_get_device_list(context.get(), &raw_list);
  if (count < 0)
    throw DeviceError(fmt::format("{}: cannot list USB devices: {}", uri, usb_error(static_cast<int>(count))));
  const std::unique_ptr<libusb_device*, DeviceListDeleter> list(raw_list);

  std::vector<std::string> found;
  for (ssize_t k = 0; k < count; ++k) {
    libusb_device* d = list.get()[k];
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(d, &desc) < 0) continue;
    auto name = where(d, desc);
    if (desc.idVendor != address.vendor || desc.idProduct != address.product) {
      found.push_back(name);
      continue;
    }
    libusb_device_handle* raw_handle = nullptr;
    if (const int rc = libusb_open(d, &raw_handle); rc < 0)
      throw DeviceError(fmt::format("{}: found {} but cannot open it: {}{}", uri, name, usb_error(rc),
                                    rc == LIBUSB_ERROR_ACCESS ? " (permission denied: install scripts/udev/99-ionarray.rules "
                                                                "(docs/host-driver.md, usb://) or a udev rule of your own for "
                                                                "this VID:PID, or run as root)" : ""));
    LibusbHandle handle(raw_handle);
    const auto serial = read_serial(handle.get(), desc);
    if (!serial.empty()) name += fmt::format(", serial {}", serial);
    if (address.serial && *address.serial != serial) {
      found.push_back(name);
      continue;
    }
    const auto endpoints = find_bulk_pair(d, uri, name);
    auto speed = check_usb_speed(libusb_get_device_speed(d), endpoints.in_packet, endpoints.out_packet);
    if (!speed.usable) throw DeviceError(fmt::format("{}: {} {}", uri, name, speed.summary));
    auto claim = claim_interface(handle.get(), uri, name);
    return start_libusb_streaming({std::move(context), std::move(handle), std::move(claim), endpoints, std::move(name),
                                   std::move(speed.summary)},
                                  uri);
  }
  throw DeviceError(fmt::format("{}: no USB device {} found; {}", uri, address.describe(),
                                found.empty() ? std::string("libusb sees no USB devices at all")
                                              : fmt::format("found: {}", fmt::join(found, "; "))));
}

}  // namespace ionarray
