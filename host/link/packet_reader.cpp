#include "link/packet_reader.hpp"

namespace ionarray::link {

void PacketReader::feed(std::uint64_t word) {
  if (remaining_ == 0) {
    current_ = {unpack_header(word), {}};
    if (started_ && current_.header.seq != expected_) ++gaps_;
    started_ = true;
    expected_ = (current_.header.seq + 1) & 0xFFFF;
    remaining_ = current_.header.length;
  } else {
    current_.payload.push_back(word);
    --remaining_;
  }
  if (remaining_ == 0) done_.push_back(std::move(current_));
}

std::vector<Packet> PacketReader::take() {
  std::vector<Packet> out;
  out.swap(done_);
  return out;
}

}  // namespace ionarray::link
