#pragma once
// The asynchronous streaming on an opened USB bridge (libusb_streaming.cpp), and the libusb
// objects open_libusb_endpoints hands over to it, each owned so that it goes back to libusb
// however the opening or the streaming ends.
#include <libusb.h>

#include <cstddef>
#include <memory>
#include <string>

#include "device/bulk_endpoints.hpp"

namespace ionarray {

struct LibusbContextDeleter {
  void operator()(libusb_context* c) const { libusb_exit(c); }
};
struct LibusbHandleDeleter {
  void operator()(libusb_device_handle* h) const { libusb_close(h); }
};
using LibusbContext = std::unique_ptr<libusb_context, LibusbContextDeleter>;
using LibusbHandle = std::unique_ptr<libusb_device_handle, LibusbHandleDeleter>;

// Released before the handle is closed (it is declared after the handle wherever both are held).
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

// The bulk endpoint addresses the bridge streams on, and their wMaxPacketSize.
struct BulkEndpointPair {
  unsigned char out = 0, in = 0;
  std::size_t out_packet = 0, in_packet = 0;
};

// A bridge found, opened, checked and claimed by open_libusb_endpoints: everything the streaming
// takes over. Members are destroyed bottom up: the interface released, the handle closed, libusb
// left.
struct ClaimedUsbDevice {
  LibusbContext context;
  LibusbHandle handle;
  std::unique_ptr<ClaimedInterface> claim;
  BulkEndpointPair endpoints;
  std::string name;   // "04b4:00f1 on bus 2, address 7, serial X"
  std::string speed;  // check_usb_speed's summary
};

// libusb's name for an error code ("LIBUSB_ERROR_PIPE"), as messages show it.
inline std::string usb_error(int code) { return libusb_error_name(code); }

// Starts the event thread and the read-ahead on `device`. DeviceError naming `uri` if the first
// IN transfers cannot be submitted.
std::unique_ptr<BulkEndpoints> start_libusb_streaming(ClaimedUsbDevice device, const std::string& uri);

}  // namespace ionarray
