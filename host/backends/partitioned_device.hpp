#pragma once
// A chip spread over several devices (--backend URI1,URI2,...): each device holds some tiles
// (the layout's [partition], or round-robin), and the host carries every spike whose route
// leaves its device to the target device as an input event for the next step. That is when the
// route would activate the row inside one device (a spike detected in step k drives its rows
// from step k + 1), so the spikes equal the whole chip's on one device bit for bit.
#include <memory>
#include <vector>

#include "device/device.hpp"

namespace ionarray {

// `devices`: opened, in partition order; the URI is theirs joined by commas.
std::unique_ptr<Device> make_partitioned_device(std::vector<std::unique_ptr<Device>> devices);

}  // namespace ionarray
