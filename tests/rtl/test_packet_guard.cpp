// The packet guard RTL against the C++ guard (hls/ionarray/link_guard.hpp) on streams of packets
// with every link fault in them: corrupted bits, lost and added words, skipped and repeated
// sequence numbers, and resyncs after padding. Both must pass on the same words, give the same
// verdicts in the same order (a verdict after every word passed before it), and report the same
// expected sequence number at each verdict. The RTL is fed with gaps in its input and
// back-pressure on its output and verdicts.
#include <doctest/doctest.h>

#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "Vionarray_packet_guard.h"
#include "ionarray/link_crc.hpp"
#include "ionarray/link_guard.hpp"
#include "module_clock.hpp"

using namespace ionarray;
using Verdict = fx::LinkGuard::Verdict;

namespace {

// What the guard does, one entry per word passed on or per verdict, as both report it.
struct Event {
  int kind;  // -1: a word passed on; else the RTL verdict code (ionarray_link_guard_pkg)
  std::uint64_t word;
  std::uint64_t expected_seq;  // at a verdict
  bool operator==(const Event&) const = default;
};

int rtl_code(Verdict v) {
  switch (v) {
    case Verdict::duplicate: return 0;
    case Verdict::gap: return 1;
    case Verdict::crc_mismatch: return 2;
    case Verdict::resync: return 3;
    default: return -2;
  }
}

std::vector<std::uint64_t> sealed(link::Opcode op, std::uint64_t seq, std::vector<std::uint64_t> payload, std::uint32_t argument) {
  std::vector<std::uint64_t> words{link::pack(link::Header{.opcode = std::uint64_t(op), .length = payload.size(),
                                                           .seq = seq & 0xFFFF, .argument = argument})};
  words.insert(words.end(), payload.begin(), payload.end());
  words.push_back(link::trailer_of(words.data(), int(words.size())));
  return words;
}

}  // namespace

TEST_CASE("packet guard RTL passes, drops and answers packets as the C++ guard") {
  std::mt19937_64 rng(23);
  fx::LinkGuard cpp;
  std::vector<Event> want;
  std::vector<std::uint64_t> stream;
  std::map<int, int> verdicts;
  std::vector<std::vector<std::uint64_t>> sent;  // for duplicates
  const auto feed = [&](const std::vector<std::uint64_t>& words) {
    for (auto w : words) {
      stream.push_back(w);
      const auto v = cpp.accept(w);
      if (v == Verdict::release) {
        for (int k = 0; k < cpp.packet_words(); ++k) want.push_back({-1, cpp.packet()[k], 0});
      } else if (v != Verdict::pending) {
        ++verdicts[rtl_code(v)];
        want.push_back({rtl_code(v), cpp.packet()[0], cpp.expected_seq()});
      }
    }
  };
  std::uint64_t seq = 0;
  int hunting_resyncs = 0;
  for (int p = 0; p < 6000; ++p) {
    const int length = rng() % 50 == 0 ? 255 : int(rng() % 8);
    std::vector<std::uint64_t> payload(static_cast<std::size_t>(length));
    for (auto& w : payload) w = rng();
    const auto op = rng() % 2 ? link::Opcode::spike_in : link::Opcode::write_memory;
    auto words = sealed(op, seq, payload, std::uint32_t(rng()));
    const int fault = int(rng() % 40);
    if (fault == 0) {
      words[rng() % words.size()] ^= std::uint64_t{1} << (rng() % 64);  // a bit flipped
    } else if (fault == 1) {
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(rng() % words.size()));  // a word lost
    } else if (fault == 2) {
      words.insert(words.begin() + static_cast<std::ptrdiff_t>(rng() % words.size()), rng());  // a word added
    } else if (fault == 3) {
      words = sealed(op, seq + 1 + rng() % 100, payload, 0);  // packets lost before it
    } else if (fault == 4 && !sent.empty()) {
      words = sent[rng() % sent.size()];  // an old packet again
    }
    feed(words);
    if (fault > 4) sent.push_back(words);
    if (sent.size() > 20) sent.erase(sent.begin());
    ++seq;
    if (cpp.hunting() || rng() % 200 == 0) {  // the host's session reset, as PacketWriter::resync sends it
      hunting_resyncs += cpp.hunting();
      std::vector<std::uint64_t> reset(rng() % 300, 0);
      feed(reset);
      feed(sealed(link::Opcode::resync, rng(), {}, std::uint32_t(rng())));
      seq = cpp.expected_seq();
    }
  }

  testing::Clocked<Vionarray_packet_guard> guard;
  std::vector<Event> got;
  std::size_t next = 0;
  long cycles = 0, stalls = 0;
  while ((next < stream.size() || got.size() < want.size()) && cycles < 40'000'000) {
    guard->in_valid_i = next < stream.size() && rng() % 5 != 0;
    guard->in_data_i = next < stream.size() ? stream[next] : 0;
    guard->link_error_i = 0;
    guard->out_take_i = rng() % 4 != 0;
    guard->verdict_done_i = 0;
    guard.settle();
    if (guard->out_valid_o && guard->out_take_i) got.push_back({-1, guard->out_data_o, 0});
    REQUIRE_FALSE((guard->verdict_valid_o && guard->out_valid_o));
    if (guard->verdict_valid_o && rng() % 3 == 0) {
      guard->verdict_done_i = 1;
      got.push_back({int(guard->verdict_o), guard->verdict_word_o, guard->expected_seq_o});
    }
    if (guard->in_valid_i && guard->in_ready_o) ++next;
    stalls += guard->in_valid_i && !guard->in_ready_o;
    guard.settle();
    guard.clock();
    ++cycles;
  }
  MESSAGE(stream.size() << " words, " << want.size() << " events; verdicts: " << verdicts[0] << " duplicates, " << verdicts[1]
                        << " gaps, " << verdicts[2] << " CRC mismatches, " << verdicts[3] << " resyncs (" << hunting_resyncs
                        << " ending a hunt); " << cycles << " cycles, input held " << stalls << " cycles");
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k)
    REQUIRE_MESSAGE(got[k] == want[k], "event " << k << ": kind " << got[k].kind << " vs " << want[k].kind);
  // Every verdict was reached many times.
  for (int v = 0; v < 4; ++v) CHECK(verdicts[v] > 20);
  CHECK(hunting_resyncs > 50);
}

TEST_CASE("packet guard RTL: a word a bus bridge lost drops the packet and waits for a resync") {
  testing::Clocked<Vionarray_packet_guard> guard;
  const auto send = [&](const std::vector<std::uint64_t>& words, bool error_after_first = false) {
    for (std::size_t k = 0; k < words.size(); ++k) {
      guard->in_valid_i = 1;
      guard->in_data_i = words[k];
      guard->link_error_i = 0;
      guard.settle();
      REQUIRE(guard->in_ready_o);
      guard.clock();
      if (error_after_first && k == 0) {  // the bridge's pulse, once the header was taken
        guard->in_valid_i = 0;
        guard->link_error_i = 1;
        guard.settle();
        guard.clock();
        break;
      }
    }
    guard->in_valid_i = 0;
    guard->link_error_i = 0;
    for (int k = 0; k < 4; ++k) guard.clock();
    guard.settle();
  };
  guard->out_take_i = 1;
  guard->verdict_done_i = 0;
  send(sealed(link::Opcode::write_memory, 0, {1, 2}, 0), true);
  CHECK_FALSE(guard->out_valid_o);
  send(sealed(link::Opcode::run, 1, {}, 5));  // taken while hunting: dropped without a word
  CHECK_FALSE(guard->out_valid_o);
  CHECK_FALSE(guard->verdict_valid_o);
  send(sealed(link::Opcode::resync, 0, {}, 77));
  REQUIRE(guard->verdict_valid_o);
  CHECK(guard->verdict_o == 3);
  CHECK(link::unpack_header(guard->verdict_word_o).argument == 77);
}
