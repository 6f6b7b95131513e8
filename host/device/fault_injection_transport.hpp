#pragma once
// TEST ONLY. A transport that behaves like a board unplugged mid-run: it passes words to and
// from `inner` for `good_receives` receive() calls, then every call throws the DeviceError a
// vanished USB board gives. It exists so the abort path of `ionarray run` (clear error, exit
// status 3, outputs up to that point on disk) can be tested without hardware; open_device()
// reaches it as fault-injection://N (the fixed:// core, gone after N receives).
#include <memory>
#include <string>

#include "device/transport.hpp"

namespace ionarray {

std::unique_ptr<Transport> make_fault_injection_transport(std::unique_ptr<Transport> inner, long good_receives,
                                                          std::string uri);

}  // namespace ionarray
