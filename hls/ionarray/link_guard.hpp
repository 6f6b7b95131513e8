#pragma once
// The packet guard in front of the link core: nothing acts on a packet until its trailer holds
// the CRC of its words and its sequence number is the one expected. A packet that fails either
// is answered (crc_mismatch, sequence_gap) and the guard then drops every word until the host's
// resync, whose packet it looks for at every word: after a lost or added word or a corrupted
// length no boundary can be trusted. A packet numbered behind the expected one is a duplicate
// (a re-sent or late copy of a packet already taken) and is dropped. rtl/core/ionarray_packet_guard.sv
// is the same machine. C++17, no allocation.
#include <cstdint>

#include "ionarray/host_link.hpp"
#include "ionarray/link_crc.hpp"

namespace ionarray::fx {

class LinkGuard {
 public:
  enum class Verdict { pending, release, duplicate, gap, crc_mismatch, resync };

  // One word from the link. After `release`, packet() holds the header and payload to act on;
  // after gap or crc_mismatch, packet()[0] is the header as received; after resync, packet()[0]
  // is the resync header.
  Verdict accept(std::uint64_t word) {
    switch (mode_) {
      case Mode::header: {
        packet_[0] = word;
        words_ = 1;
        crc_ = link::crc_word(link::kCrcInit, word);
        remaining_ = static_cast<int>(link::unpack_header(word).length);
        mode_ = remaining_ > 0 ? Mode::payload : Mode::trailer;
        return Verdict::pending;
      }
      case Mode::payload:
        packet_[words_++] = word;
        crc_ = link::crc_word(crc_, word);
        if (--remaining_ == 0) mode_ = Mode::trailer;
        return Verdict::pending;
      case Mode::trailer: {
        if (word != trailer(crc_)) return hunt(Verdict::crc_mismatch);
        mode_ = Mode::header;
        const auto h = link::unpack_header(packet_[0]);
        if (is_resync(packet_[0])) return Verdict::resync;
        if (started_ && h.seq != expected_seq_) {
          const std::uint64_t behind = (expected_seq_ - h.seq) & 0xFFFF;
          return behind < 0x8000 ? Verdict::duplicate : hunt(Verdict::gap);
        }
        started_ = true;
        expected_seq_ = (h.seq + 1) & 0xFFFF;
        return Verdict::release;
      }
      case Mode::hunt:
        if (candidate_ && word == trailer(candidate_crc_)) {
          packet_[0] = candidate_word_;
          candidate_ = false;
          mode_ = Mode::header;
          return Verdict::resync;
        }
        candidate_ = is_resync(word);
        candidate_crc_ = link::crc_word(link::kCrcInit, word);
        candidate_word_ = word;
        return Verdict::pending;
    }
    return Verdict::pending;
  }

  const std::uint64_t* packet() const { return packet_; }
  int packet_words() const { return words_; }
  // The sequence number of the next packet the guard will pass on (reported after a resync).
  std::uint64_t expected_seq() const { return expected_seq_; }
  bool hunting() const { return mode_ == Mode::hunt; }

 private:
  enum class Mode { header, payload, trailer, hunt };

  static std::uint64_t trailer(std::uint32_t crc) {
    link::Trailer t;
    t.crc = crc;
    return link::pack(t);
  }
  static bool is_resync(std::uint64_t word) {
    const auto h = link::unpack_header(word);
    return h.opcode == std::uint64_t(link::Opcode::resync) && h.length == 0;
  }
  Verdict hunt(Verdict why) {
    mode_ = Mode::hunt;
    candidate_ = false;
    return why;
  }

  Mode mode_ = Mode::header;
  std::uint64_t packet_[1 + 255];
  int words_ = 0, remaining_ = 0;
  std::uint32_t crc_ = 0, candidate_crc_ = 0;
  bool started_ = false, candidate_ = false;
  std::uint64_t expected_seq_ = 0, candidate_word_ = 0;
};

}  // namespace ionarray::fx
