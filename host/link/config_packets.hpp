#pragma once
// Host side of the link: the packets that load an ArrayImage into the device, and event /
// run / sync packets, each stamped with the host's sequence number.
#include <cstdint>
#include <deque>
#include <vector>

#include "fixed/array_image.hpp"
#include "ionarray/host_link.hpp"

namespace ionarray::link {

inline constexpr int kResyncPadding = 257;  // the longest packet (header, 255 words, trailer) + 1

class PacketWriter {
 public:
  // Appends one packet (header, payload, CRC trailer); payloads longer than 255 words are split
  // into several packets. Each is also kept until forget_before() says the device took it.
  void packet(Opcode op, std::uint32_t argument, const std::vector<std::uint64_t>& payload = {});
  // A session reset: kResyncPadding zero words, which end whatever packet the device was in the
  // middle of and leave it looking for a resync, then the resync packet (not numbered).
  void resync(std::uint32_t token);
  // The packets kept, from sequence number `seq` on (a device's expected_seq after a resync);
  // false when `seq` is neither kept nor the next one.
  bool resend_from(std::uint64_t seq);
  // Forgets the packets before `seq`: the device has acted on them.
  void forget_before(std::uint64_t seq);
  // Numbers the next packet `seq` (a board's expected sequence number, from a resync that opens
  // a session); nothing kept is sent again.
  void restart_at(std::uint64_t seq) {
    seq_ = seq & 0xFFFF;
    kept_.clear();
  }
  void load(const fixed::ArrayImage& image);  // tile config, shared, tables, memories, routes
  void spike_in(std::uint32_t step, int tile, int row);
  void run(std::uint32_t steps) { packet(Opcode::run, steps); }
  void sync(std::uint32_t token) { packet(Opcode::sync, token); }
  // Asks for the state of `count` (1 .. fx::kStateReadMax) neurons of `tile` from `column` on.
  void read_state(int tile, int column, int count);
  // Asks for `count` (1 .. 255) crossbar words of `tile`'s row `row` from `column` on.
  void read_crossbar(int tile, int row, int column, int count);
  std::vector<std::uint64_t>& words() { return words_; }
  std::uint64_t next_sequence() const { return seq_ & 0xFFFF; }

 private:
  void memory_words(Memory memory, int tile, const std::vector<std::pair<int, std::uint64_t>>& writes);
  void plastic_words(const fixed::ArrayImage& image, int tile);  // its plasticity, states and changes
  void seal(std::size_t header_at);  // appends the trailer of the packet from words_[header_at]
  std::vector<std::uint64_t> words_;
  std::uint64_t seq_ = 0;
  std::deque<std::vector<std::uint64_t>> kept_;  // packets sent and not yet forgotten, in order
  std::uint64_t kept_first_ = 0;                 // the sequence number of kept_.front()
};

}  // namespace ionarray::link
