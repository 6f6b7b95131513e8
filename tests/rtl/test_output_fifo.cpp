// The output FIFO RTL: every word pushed comes out once, in order, under any pattern of pushes
// and back-pressure, each packet header carries the next output sequence number as
// LinkCore::emit numbers packets (16 bits, wrapping), and each packet is followed by its
// trailer, the CRC of its words as the C++ link computes it.
#include <doctest/doctest.h>

#include <deque>
#include <random>

#include "Vionarray_output_fifo.h"
#include "ionarray/host_link.hpp"
#include "ionarray/link_crc.hpp"
#include "module_clock.hpp"

using namespace ionarray;

TEST_CASE("output FIFO RTL keeps every word in order, numbers packet headers and ends packets with their CRC as the C++ core") {
  constexpr int kDepth = 1 << 6;  // its DEPTH_BITS in CMakeLists.txt
  testing::Clocked<Vionarray_output_fifo> fifo;
  std::mt19937_64 rng(7);
  std::deque<std::uint64_t> expected;  // words pushed, as they must come out, and the trailers
  std::vector<std::uint64_t> packet;   // the packet being pushed, as it must come out
  std::uint64_t packets = 0, received = 0, most_held = 0;
  int payload_left = 0;
  // (more headers than a 16-bit sequence number holds: the numbering wraps as the C++ core's)
  while (packets < 70000 || !expected.empty()) {
    const bool want_push = packets < 70000 && rng() % 4 != 0;
    const bool room = fifo->count_o < kDepth;
    fifo->out_ready_i = rng() % 3 != 0;
    fifo->push_i = want_push && room;
    if (want_push && room) {
      if (payload_left == 0) {  // a header with a random argument and length (0 to 3)
        link::Header h;
        h.opcode = std::uint64_t(link::Opcode::spike_out);
        h.length = rng() % 4;
        h.seq = 0x5A5A;  // replaced
        h.argument = rng() & 0xFFFFFFFF;
        fifo->push_header_i = 1;
        fifo->push_word_i = link::pack(h);
        h.seq = packets & 0xFFFF;
        packet = {link::pack(h)};
        payload_left = int(h.length);
        ++packets;
      } else {
        fifo->push_header_i = 0;
        fifo->push_word_i = rng();
        packet.push_back(fifo->push_word_i);
        --payload_left;
      }
      expected.push_back(packet.back());
      if (payload_left == 0) expected.push_back(link::trailer_of(packet.data(), int(packet.size())));
    }
    fifo.settle();
    if (fifo->out_valid_o && fifo->out_ready_i) {
      REQUIRE_FALSE(expected.empty());
      REQUIRE_MESSAGE(fifo->out_data_o == expected.front(), "word " << received);
      expected.pop_front();
      ++received;
    }
    most_held = std::max<std::uint64_t>(most_held, fifo->count_o);
    fifo.clock();
  }
  MESSAGE(received << " words out, " << packets << " packet headers numbered; at most " << most_held << " words held");
  CHECK(packets == 70000);
  CHECK(most_held == kDepth);  // back-pressure filled it
  CHECK(fifo->count_o == 0);
}
