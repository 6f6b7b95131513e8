#include "device/libusb_endpoints.hpp"

#include <libusb.h>

#include <climits>
#include <vector>

#include <fmt/format.h>

#include "device/device.hpp"

namespace ionarray {
namespace {

constexpr int kInterface = 0;

struct ContextDeleter {
  void operator()(libusb_context* c) const { libusb_exit(c); }
};
struct HandleDeleter {
  void operator()(libusb_device_handle* h) const { libusb_close(h); }
};
struct DeviceListDeleter {
  void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
struct ConfigDeleter {
  void operator()(libusb_config_descriptor* c) const { libusb_free_config_descriptor(c); }
};
using Context = std::unique_ptr<libusb_context, ContextDeleter>;
using Handle = std::unique_ptr<libusb_device_handle, HandleDeleter>;

// Released before the handle is closed (members are destroyed in reverse order).
class ClaimedInterface {
 public:
  ClaimedInterface(libusb_device_handle* h, int number) : handle_(h), number_(number) {}
  ~ClaimedInterface() { libusb_release_interface(handle_, number_); }
  ClaimedInterface(const ClaimedInterface&) = delete;
  ClaimedInterface& operator=(const ClaimedInterface&) = delete;

 private:
  libusb_device_handle* handle_;
  int number_;
};

std::string usb_error(int code) { return libusb_error_name(code); }

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

struct Endpoints {
  unsigned char out = 0, in = 0;
  std::size_t in_packet = 0;
};

// The first bulk OUT and bulk IN endpoints of interface 0, alternate setting 0.
Endpoints find_bulk_pair(libusb_device* d, const std::string& uri, const std::string& name) {
  libusb_config_descriptor* raw = nullptr;
  if (const int rc = libusb_get_active_config_descriptor(d, &raw); rc < 0)
    throw DeviceError(fmt::format("{}: cannot read the configuration of {}: {}", uri, name, usb_error(rc)));
  const std::unique_ptr<libusb_config_descriptor, ConfigDeleter> config(raw);
  Endpoints e;
  if (config->bNumInterfaces > kInterface && config->interface[kInterface].num_altsetting > 0) {
    const auto& alt = config->interface[kInterface].altsetting[0];
    for (int k = 0; k < alt.bNumEndpoints; ++k) {
      const auto& ep = alt.endpoint[k];
      if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
      const bool in = (ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN;
      if (in && e.in == 0) {
        e.in = ep.bEndpointAddress;
        e.in_packet = ep.wMaxPacketSize;
      }
      if (!in && e.out == 0) e.out = ep.bEndpointAddress;
    }
  }
  if (e.in == 0 || e.out == 0)
    throw DeviceError(fmt::format("{}: interface {} of {} has no bulk OUT and bulk IN endpoint pair; is the ionarray "
                                  "bridge firmware loaded?", uri, kInterface, name));
  return e;
}

class LibusbEndpoints : public BulkEndpoints {
 public:
  LibusbEndpoints(Context context, Handle handle, Endpoints endpoints, std::string name)
      : context_(std::move(context)), handle_(std::move(handle)), endpoints_(endpoints), name_(std::move(name)) {}

  void claim(const std::string& uri) {
    libusb_set_auto_detach_kernel_driver(handle_.get(), 1);  // LIBUSB_ERROR_NOT_SUPPORTED is harmless
    if (const int rc = libusb_claim_interface(handle_.get(), kInterface); rc < 0)
      throw DeviceError(fmt::format("{}: cannot claim interface {} of {}: {}{}", uri, kInterface, name_, usb_error(rc),
                                    rc == LIBUSB_ERROR_BUSY ? " (another program, perhaps another ionarray, has it)" : ""));
    claimed_ = std::make_unique<ClaimedInterface>(handle_.get(), kInterface);
  }

  BulkTransfer write(std::span<const std::byte> bytes, std::chrono::milliseconds timeout) override {
    // libusb's buffer is not const for either direction; an OUT transfer only reads it.
    auto* data = const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(bytes.data()));
    return transfer(endpoints_.out, data, bytes.size(), timeout);
  }

  BulkTransfer read(std::span<std::byte> buffer, std::chrono::milliseconds timeout) override {
    return transfer(endpoints_.in, reinterpret_cast<unsigned char*>(buffer.data()), buffer.size(), timeout);
  }

  std::size_t read_granule() const override { return endpoints_.in_packet; }
  std::string describe() const override { return name_; }

 private:
  BulkTransfer transfer(unsigned char endpoint, unsigned char* data, std::size_t size, std::chrono::milliseconds timeout) {
    int moved = 0;
    const int length = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
    // A timeout of 0 means "forever" to libusb; never ask for that.
    const auto ms = static_cast<unsigned>(std::max<std::chrono::milliseconds::rep>(1, timeout.count()));
    const int rc = libusb_bulk_transfer(handle_.get(), endpoint, data, length, &moved, ms);
    BulkTransfer t{static_cast<std::size_t>(std::max(moved, 0)), BulkStatus::ok, {}};
    if (rc < 0) {
      t.status = classify_libusb_error(rc);
      t.error = usb_error(rc);
    }
    return t;
  }

  Context context_;
  Handle handle_;
  Endpoints endpoints_;
  std::string name_;
  std::unique_ptr<ClaimedInterface> claimed_;  // last member: released first
};

}  // namespace

BulkStatus classify_libusb_error(int code) {
  switch (code) {
    case LIBUSB_SUCCESS: return BulkStatus::ok;
    case LIBUSB_ERROR_TIMEOUT: return BulkStatus::timeout;
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_PIPE:  // a stalled endpoint: the bridge was reset or lost its FPGA
    case LIBUSB_ERROR_IO: return BulkStatus::disappeared;
    default: return BulkStatus::failed;
  }
}

std::unique_ptr<BulkEndpoints> open_libusb_endpoints(const UsbAddress& address, const std::string& uri) {
  libusb_context* raw_context = nullptr;
  if (const int rc = libusb_init(&raw_context); rc < 0)
    throw DeviceError(fmt::format("{}: cannot start libusb: {} (is USB reachable here? in a container, pass "
                                  "/dev/bus/usb through)", uri, usb_error(rc)));
  Context context(raw_context);

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
                                    rc == LIBUSB_ERROR_ACCESS ? " (permission denied: add a udev rule giving your user "
                                                                "access to this VID:PID, or run as root)" : ""));
    Handle handle(raw_handle);
    const auto serial = read_serial(handle.get(), desc);
    if (!serial.empty()) name += fmt::format(", serial {}", serial);
    if (address.serial && *address.serial != serial) {
      found.push_back(name);
      continue;
    }
    const auto endpoints = find_bulk_pair(d, uri, name);
    auto opened = std::make_unique<LibusbEndpoints>(std::move(context), std::move(handle), endpoints, name);
    opened->claim(uri);
    return opened;
  }
  throw DeviceError(fmt::format("{}: no USB device {} found; {}", uri, address.describe(),
                                found.empty() ? std::string("libusb sees no USB devices at all")
                                              : fmt::format("found: {}", fmt::join(found, "; "))));
}

}  // namespace ionarray
