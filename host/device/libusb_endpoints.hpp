#pragma once
// The bulk endpoints of a real USB board through libusb-1.0: finds the device, claims its
// interface 0 and moves bytes on the first bulk OUT and bulk IN endpoints of that interface.
// Nothing above the byte level happens here (framing is usb_fifo_transport.cpp).
#include <memory>
#include <string>

#include "device/bulk_endpoints.hpp"
#include "device/usb_address.hpp"

namespace ionarray {

// DeviceError naming `uri` when libusb cannot start, no device matches (listing what was found),
// the device cannot be opened or claimed, or it has no bulk endpoint pair.
std::unique_ptr<BulkEndpoints> open_libusb_endpoints(const UsbAddress& address, const std::string& uri);

// How a libusb error code is reported: gone (NO_DEVICE, PIPE, IO), timed out, or another failure.
BulkStatus classify_libusb_error(int code);

}  // namespace ionarray
