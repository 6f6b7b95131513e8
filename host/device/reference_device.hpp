#pragma once
// reference://: the double-precision reference array, in process.
#include <memory>

#include "device/device.hpp"

namespace ionarray {

std::unique_ptr<Device> make_reference_device();

}  // namespace ionarray
