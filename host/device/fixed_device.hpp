#pragma once
// fixed://: the hardware's fixed-point array in this process, stepped by the fastest kernel the
// CPU has (AVX-512 where present, else the scalar golden model; identical words either way) on
// one thread or a pool of them (identical words for every count). The same array behind the
// host-link packets, as a board is driven, is fixed-link:// (make_link_device over the loopback
// transport): slower, and the in-process model of the link itself.
#include <memory>
#include <string>

#include "device/device.hpp"
#include "fixed/kernel.hpp"

namespace ionarray {

struct FixedDeviceOptions {
  fixed::Kernel kernel = fixed::Kernel::automatic;
  int threads = 1;
};

// fixed://[?threads=N][&kernel=automatic|scalar|avx512]: the options a URI asks for (InputError
// naming the URI and what is allowed otherwise).
FixedDeviceOptions parse_fixed_uri(const std::string& uri);

std::unique_ptr<Device> make_fixed_device(std::string uri, FixedDeviceOptions options);

}  // namespace ionarray
