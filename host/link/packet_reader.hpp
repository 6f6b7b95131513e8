#pragma once
// Splits a word stream from the device into packets, checking lengths and sequence numbers.
#include <cstdint>
#include <string>
#include <vector>

#include "ionarray/host_link.hpp"

namespace ionarray::link {

struct Packet {
  Header header;
  std::vector<std::uint64_t> payload;
  Opcode opcode() const { return static_cast<Opcode>(header.opcode); }
};

class PacketReader {
 public:
  // Feeds words; complete packets come out of take(). A sequence gap is counted, not hidden.
  void feed(std::uint64_t word);
  std::vector<Packet> take();
  std::uint64_t sequence_gaps() const { return gaps_; }
  bool mid_packet() const { return remaining_ > 0; }

 private:
  std::vector<Packet> done_;
  Packet current_;
  std::uint64_t remaining_ = 0, expected_ = 0, gaps_ = 0;
  bool started_ = false;
};

}  // namespace ionarray::link
