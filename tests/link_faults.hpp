#pragma once
// TEST ONLY: a transport that damages host-link packets in both directions on a seeded
// schedule, as a faulty bus between the host and the FPGA would: each packet (not the resync
// padding) is, with probability `rate`, dropped, duplicated, swapped with the next one, cut
// short, held back to the next call, or has one bit flipped in its header or its payload. It
// wraps a real transport (the in-process link core or the Verilator model) and logs what it
// did, so a soak can set the faults injected against the faults the two ends found.
#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "device/transport.hpp"

namespace ionarray::testing {

enum class LinkFault { drop, duplicate, reorder, truncate, delay, flip_header, flip_payload, count };
inline constexpr int kLinkFaultKinds = int(LinkFault::count);
const char* link_fault_name(LinkFault f);

struct LinkFaultLog {
  // [direction: 0 host to device, 1 device to host][kind]
  std::array<std::array<std::uint64_t, kLinkFaultKinds>, 2> injected{};
  std::array<std::uint64_t, 2> packets{};  // packets that went through
  // Faults that change nothing the receiver could see: a held-back packet that was the last of
  // its batch arrives later but in order.
  std::uint64_t harmless = 0;
  std::uint64_t total() const;
  std::uint64_t must_detect() const { return total() - harmless; }
};

struct LinkFaultSchedule {
  double rate = 1e-3;  // per packet, in each direction
  std::uint64_t seed = 1;
};

std::unique_ptr<Transport> make_link_fault_transport(std::unique_ptr<Transport> inner, LinkFaultSchedule schedule,
                                                     std::shared_ptr<LinkFaultLog> log);

}  // namespace ionarray::testing
