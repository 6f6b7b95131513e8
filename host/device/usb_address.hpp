#pragma once
// Which USB board a usb:// URI names:
//   usb://                    the first device with the default VID:PID
//   usb://VID:PID             the first device with that VID:PID (hexadecimal, up to 4 digits each)
//   usb://VID:PID/SERIAL      the device with that VID:PID and serial-number string
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ionarray {

// The ID the Cypress FX3 SDK's example firmware (slave FIFO) enumerates with; a board whose
// firmware has its own ID is opened with usb://VID:PID.
inline constexpr std::uint16_t kDefaultUsbVendor = 0x04b4, kDefaultUsbProduct = 0x00f1;

struct UsbAddress {
  std::uint16_t vendor = kDefaultUsbVendor, product = kDefaultUsbProduct;
  std::optional<std::string> serial;
  std::string describe() const;  // "04b4:00f1" or "04b4:00f1 with serial 'X'"
};

// InputError (field "device") naming the malformed part and the accepted forms.
UsbAddress parse_usb_uri(std::string_view uri);

}  // namespace ionarray
