// xrt:// in a build made without XRT: the URI is understood, the card cannot be reached.
#include "device/device.hpp"
#include "device/transport.hpp"

namespace ionarray {

std::unique_ptr<Transport> make_xrt_transport(const std::string& uri) {
  throw DeviceError(uri + ": this build has no XRT support: install XRT (it provides /opt/xilinx/xrt; "
                          "source its setup.sh) and rebuild");
}

}  // namespace ionarray
