#pragma once
// The bulk endpoints of a real USB board through libusb-1.0: finds the device, claims its
// interface 0 and streams bytes on the first bulk OUT and bulk IN endpoints of that interface.
// Opening is libusb_endpoints.cpp; the asynchronous streaming is libusb_streaming.cpp; the
// decisions the streaming makes, testable without a board, are usb_transfer_policy.hpp. Nothing
// above the byte level happens here (framing is usb_fifo_transport.cpp).
#include <memory>
#include <string>

#include "device/bulk_endpoints.hpp"
#include "device/usb_address.hpp"

namespace ionarray {

// DeviceError naming `uri` when libusb cannot start, no device matches (listing what was found),
// the device cannot be opened or claimed, it has no bulk endpoint pair, or it runs at a speed
// too slow for the link (full or low speed).
std::unique_ptr<BulkEndpoints> open_libusb_endpoints(const UsbAddress& address, const std::string& uri);

}  // namespace ionarray
