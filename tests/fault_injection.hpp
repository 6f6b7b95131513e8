#pragma once
// TEST ONLY: fault-injection://N, the in-process fixed-point core behind a transport that
// behaves like a board unplugged mid-run: it passes words for N receive() calls, then every
// call throws the DeviceError a vanished USB board gives. It exists so the abort path of
// `ionarray run` (clear error, exit status 3, outputs up to that point on disk) can be tested
// without hardware. fault-injection://link?rate=R&seed=S: the same core behind a link that
// damages packets (link_faults.hpp), for runs that must survive them. Programs built for tests
// add the scheme; the product does not have it.
#include <memory>
#include <string>

#include "device/transport.hpp"

namespace ionarray::testing {

std::unique_ptr<Transport> make_fault_injection_transport(std::unique_ptr<Transport> inner, long good_receives,
                                                          std::string uri);

// Adds fault-injection://N to open_device() (backends/open_device.hpp).
void add_fault_injection_scheme();

}  // namespace ionarray::testing
