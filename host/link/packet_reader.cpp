#include "link/packet_reader.hpp"

#include "ionarray/link_crc.hpp"

namespace ionarray::link {
namespace {

// A header a packet could have: a known opcode with a length it allows.
bool plausible_header(std::uint64_t word) {
  const auto h = unpack_header(word);
  return is_opcode(h.opcode) && length_ok(static_cast<Opcode>(h.opcode), static_cast<unsigned>(h.length));
}

}  // namespace

void PacketReader::feed(std::uint64_t word) {
  words_.push_back(word);
  frame();
}

// Whether words_[0 .. length] is a packet whose trailer, words_[length + 1], holds its CRC.
static bool checks(const std::deque<std::uint64_t>& words, std::size_t length) {
  std::uint32_t crc = kCrcInit;
  for (std::size_t k = 0; k <= length; ++k) crc = crc_word(crc, words[k]);
  return words[length + 1] == pack(Trailer{.crc = crc});
}

void PacketReader::frame() {
  while (!words_.empty()) {
    if (hunting_ && !hunt()) return;
    if (!plausible_header(words_.front())) {  // not a header at all: corrupted or misframed
      ++faults_.crc_mismatches;
      words_.pop_front();
      hunting_ = true;
      continue;
    }
    const std::size_t length = unpack_header(words_.front()).length;
    if (words_.size() < length + 2) return;
    if (!checks(words_, length)) {
      ++faults_.crc_mismatches;
      words_.pop_front();  // the boundary is lost: look for the next one from the word after
      hunting_ = true;
      continue;
    }
    deliver(length);
  }
}

bool PacketReader::hunt() {
  while (!words_.empty()) {
    if (plausible_header(words_.front())) {
      const std::size_t length = unpack_header(words_.front()).length;
      if (words_.size() < length + 2) return false;  // wait for the words that decide
      if (checks(words_, length)) {
        hunting_ = false;
        return true;
      }
    }
    words_.pop_front();
  }
  return false;
}

void PacketReader::deliver(std::size_t length) {
  Packet p{unpack_header(words_.front()), {}};
  p.payload.assign(words_.begin() + 1, words_.begin() + static_cast<std::ptrdiff_t>(length + 1));
  words_.erase(words_.begin(), words_.begin() + static_cast<std::ptrdiff_t>(length + 2));
  if (started_ && p.header.seq != expected_) {
    if (((expected_ - p.header.seq) & 0xFFFF) < 0x8000) {
      ++faults_.duplicates;  // a copy of a packet already handed out
      return;
    }
    ++faults_.sequence_gaps;
  }
  started_ = true;
  expected_ = (p.header.seq + 1) & 0xFFFF;
  done_.push_back(std::move(p));
}

std::vector<Packet> PacketReader::take() {
  std::vector<Packet> out;
  out.swap(done_);
  return out;
}

}  // namespace ionarray::link
