#pragma once
// Splits a word stream from the device into packets, checking each packet's CRC trailer and
// sequence number. Only packets whose CRC holds are handed out. A CRC mismatch means the packet
// boundaries can no longer be trusted (a word lost, added or corrupted), so the reader then
// looks for the next boundary: a known header whose trailer, `length` words on, holds its CRC.
// Sequence gaps (lost packets) are counted, duplicates (a number already seen) dropped and
// counted: nothing is hidden.
#include <cstdint>
#include <deque>
#include <vector>

#include "ionarray/host_link.hpp"

namespace ionarray::link {

struct Packet {
  Header header;
  std::vector<std::uint64_t> payload;
  Opcode opcode() const { return static_cast<Opcode>(header.opcode); }
};

struct ReaderFaults {
  std::uint64_t crc_mismatches = 0, sequence_gaps = 0, duplicates = 0;
  std::uint64_t total() const { return crc_mismatches + sequence_gaps + duplicates; }
};

class PacketReader {
 public:
  void feed(std::uint64_t word);
  std::vector<Packet> take();
  const ReaderFaults& faults() const { return faults_; }
  std::uint64_t sequence_gaps() const { return faults_.sequence_gaps; }
  bool mid_packet() const { return !words_.empty(); }
  bool hunting() const { return hunting_; }
  // The next packet is taken as the start of a new sequence (after the host's resync).
  void restart_sequence() { started_ = false; }

 private:
  void frame();                       // cut whole packets off the front of words_
  bool hunt();                        // drop words until words_ starts with a checked packet
  void deliver(std::vector<std::uint64_t>::size_type length);

  std::vector<Packet> done_;
  std::deque<std::uint64_t> words_;  // received and not yet part of a packet handed out
  ReaderFaults faults_;
  std::uint64_t expected_ = 0;
  bool started_ = false, hunting_ = false;
};

}  // namespace ionarray::link
