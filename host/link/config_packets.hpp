#pragma once
// Host side of the link: the packets that load an ArrayImage into the device, and event /
// run / sync packets, each stamped with the host's sequence number.
#include <cstdint>
#include <vector>

#include "fixed/array_image.hpp"
#include "ionarray/host_link.hpp"

namespace ionarray::link {

class PacketWriter {
 public:
  // Appends one packet; payloads longer than 255 words are split into several packets.
  void packet(Opcode op, std::uint32_t argument, const std::vector<std::uint64_t>& payload = {});
  void load(const fixed::ArrayImage& image);  // tile config, shared, tables, memories, routes
  void spike_in(std::uint32_t step, int tile, int row);
  void run(std::uint32_t steps) { packet(Opcode::run, steps); }
  void sync(std::uint32_t token) { packet(Opcode::sync, token); }
  // Asks for the state of `count` (1 .. fx::kStateReadMax) neurons of `tile` from `column` on.
  void read_state(int tile, int column, int count);
  std::vector<std::uint64_t>& words() { return words_; }
  std::uint64_t next_sequence() const { return seq_ & 0xFFFF; }

 private:
  void memory_words(Memory memory, int tile, const std::vector<std::pair<int, std::uint64_t>>& writes);
  std::vector<std::uint64_t> words_;
  std::uint64_t seq_ = 0;
};

}  // namespace ionarray::link
