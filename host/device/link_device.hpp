#pragma once
// The link device: an array behind the host link, over any Transport (the simulated arrays,
// the boards, and tests' transports of their own).
#include <functional>
#include <memory>
#include <string>

#include "device/device.hpp"
#include "device/transport.hpp"

namespace ionarray {

using Connect = std::function<std::unique_ptr<Transport>()>;

// A simulated array behind the host link: `connect` gives a fresh device (step 0, empty queues)
// for every load(); its capacity is `caps`.
std::unique_ptr<Device> make_link_device(std::string uri, Connect connect, Capabilities caps);

// A board behind the host link: connected now, so a missing board is an error at open; its
// identity and capacity are read from its registers. Each later load() reconnects. A simulated
// board (systemc://) gives the clock of its simulated time.
std::unique_ptr<Device> open_link_board(std::string uri, Connect connect, SimulatedClock* clock = nullptr);

}  // namespace ionarray
