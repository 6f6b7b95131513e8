// The XRT kernel ionarray_link (hls/top/ionarray_link.cpp), called with host buffers as the
// xrt:// transport calls it, against the link core (the golden model) fed the same packets:
// the same words, in the same order, and never a word written past the output buffer.
//
// The kernel keeps its core in static memory, like the board: one session per process, so
// every check is one test case, in session order.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "fixed/array_image.hpp"
#include "ionarray/link_core.hpp"
#include "ionarray_link.hpp"
#include "link/config_packets.hpp"
#include "link/packet_reader.hpp"
#include "test_chips.hpp"

using namespace ionarray;

namespace {

// The transport's sizes (1 M words in, 2 M out) scaled down, keeping what matters: the
// configuration takes several calls, and a call holds fewer steps than a long run.
constexpr std::size_t kInWords = 1024;
constexpr std::uint32_t kOutCapacity = 1 << 14;
constexpr std::size_t kGuardWords = 256;  // past out[out_capacity]: must stay untouched
constexpr std::uint64_t kUntouched = 0xA5A5'5A5A'DEAD'BEEFULL;
constexpr int kMaxCalls = 20000;  // a session that needs more has stopped making progress

// The xrt:// transport's side of the kernel (host/device/xrt_transport.cpp), with plain host
// buffers for the two xrt::bo: pending words go in kInWords at a time, one call per chunk and at
// least one per receive(); out[0] is the count, out[1 .. count] the words.
class KernelHost {
 public:
  explicit KernelHost(std::uint32_t out_capacity) : in_(kInWords) { set_out_capacity(out_capacity); }

  void set_out_capacity(std::uint32_t words) {
    out_capacity_ = words;
    out_.assign(1 + words + kGuardWords, kUntouched);
  }
  void send(std::span<const std::uint64_t> words) { pending_.insert(pending_.end(), words.begin(), words.end()); }

  std::vector<std::uint64_t> receive() {
    std::vector<std::uint64_t> received;
    std::size_t next = 0;
    do {
      const std::size_t n = std::min(kInWords, pending_.size() - next);
      call_kernel(std::span(pending_).subspan(next, n), received);
      next += n;
    } while (next < pending_.size());
    pending_.clear();
    return received;
  }
  int calls() const { return calls_; }

 private:
  void call_kernel(std::span<const std::uint64_t> in, std::vector<std::uint64_t>& received) {
    std::copy(in.begin(), in.end(), in_.begin());
    std::fill(out_.begin(), out_.end(), kUntouched);
    ionarray_link(in_.data(), static_cast<std::uint32_t>(in.size()), out_.data(), out_capacity_);
    ++calls_;
    const std::uint64_t count = out_[0];
    REQUIRE(count <= out_capacity_);
    // Nothing past out[count] is written: neither the unused room nor the guard beyond out_capacity.
    const auto untouched = std::count(out_.begin() + static_cast<std::ptrdiff_t>(1 + count), out_.end(), kUntouched);
    REQUIRE(static_cast<std::size_t>(untouched) == out_.size() - 1 - count);
    received.insert(received.end(), out_.begin() + 1, out_.begin() + static_cast<std::ptrdiff_t>(1 + count));
  }

  std::vector<std::uint64_t> in_, out_, pending_;
  std::uint32_t out_capacity_ = 0;
  int calls_ = 0;
};

struct WordSink {
  std::vector<std::uint64_t> words;
  void push(std::uint64_t w) { words.push_back(w); }
};

// The golden model: the same core, driven directly.
struct Golden {
  std::unique_ptr<fx::ArrayMemory<fx::kTopTiles>> memory = std::make_unique<fx::ArrayMemory<fx::kTopTiles>>();
  fx::LinkCore<fx::kTopTiles> core{*memory};
  WordSink sink;

  void accept(std::span<const std::uint64_t> words) {
    for (auto w : words) core.accept(w, sink);
  }
  void run_to_idle() {
    while (core.wants_step()) core.step(sink);
  }
  std::vector<std::uint64_t> take() { return std::exchange(sink.words, {}); }
};

// What the host receives from a whole session, as packets: to find acknowledgements, count gaps.
struct Received {
  link::PacketReader reader;
  std::vector<link::Packet> packets;
  void feed(const std::vector<std::uint64_t>& words) {
    for (auto w : words) reader.feed(w);
    for (auto& p : reader.take()) packets.push_back(std::move(p));
  }
  bool acknowledged(std::uint32_t token) const {
    return std::any_of(packets.begin(), packets.end(), [&](const link::Packet& p) {
      return p.opcode() == link::Opcode::ack && p.header.argument == token;
    });
  }
};

// Sends `words` (which end with sync `token`) and calls again, with in_words = 0, until that
// sync is acknowledged, as LinkDevice does. Returns every word of those calls.
std::vector<std::uint64_t> exchange(KernelHost& host, Received& received, const std::vector<std::uint64_t>& words,
                                    std::uint32_t token) {
  host.send(words);
  std::vector<std::uint64_t> all;
  for (int call = 0; call < kMaxCalls && !received.acknowledged(token); ++call) {
    const auto part = host.receive();
    received.feed(part);
    all.insert(all.end(), part.begin(), part.end());
  }
  REQUIRE(received.acknowledged(token));
  return all;
}

// Input events of tile 0 for steps [from, from + steps), as LinkDevice packs them.
std::vector<std::uint64_t> event_words(std::uint64_t seed, std::uint64_t from, std::uint64_t steps, int rows,
                                       double probability) {
  std::vector<std::uint64_t> words;
  for (const auto& e : testing::input_events(seed, from, steps, rows, probability))
    words.push_back(link::pack(link::SpikeIn{.step = e.step, .tile = std::uint64_t(e.tile), .row = std::uint64_t(e.row)}));
  return words;
}

std::size_t count_of(const std::vector<link::Packet>& packets, link::Opcode op) {
  return static_cast<std::size_t>(
      std::count_if(packets.begin(), packets.end(), [&](const link::Packet& p) { return p.opcode() == op; }));
}

}  // namespace

TEST_CASE("the XRT kernel ionarray_link gives the link core's words, across calls and within its output buffer") {
  const auto layout = testing::ring_layout(fx::kTopTiles, 16, 5, 0, 2);
  const int rows = layout.spec.rows, neurons = layout.spec.neurons();
  KernelHost host(kOutCapacity);
  Golden golden;
  Received received;
  link::PacketWriter writer;
  // One exchange: the kernel's words must be the golden model's, word for word.
  auto expect_same = [&](std::uint32_t token) {
    const auto got = exchange(host, received, writer.words(), token);
    golden.accept(writer.words());
    golden.run_to_idle();
    writer.words().clear();
    const auto expected = golden.take();
    CHECK(got.size() == expected.size());
    CHECK(got == expected);
    return got.size();
  };
  // Input for both, where the checks follow call by call.
  auto send_to_both = [&] {
    host.send(writer.words());
    golden.accept(writer.words());
    writer.words().clear();
  };

  // The chip's configuration, several calls long, then a register and some neurons' state.
  writer.load(fixed::build_array_image(layout.spec, layout.seed));
  REQUIRE(writer.words().size() > 3 * kInWords);
  writer.packet(link::Opcode::read_register, regs::identity);
  writer.read_state(1, 0, 8);
  writer.sync(1);
  int calls = host.calls();
  expect_same(1);
  CHECK(host.calls() - calls >= 4);
  CHECK(count_of(received.packets, link::Opcode::state_value) == 1);

  // A run of several hundred steps with input events and two syncs queued behind it.
  writer.packet(link::Opcode::spike_in, 0, event_words(11, 0, 400, rows, 0.03));
  writer.run(400);
  writer.sync(2);
  writer.sync(3);
  REQUIRE(writer.words().size() <= kInWords);  // one call takes the input, as the golden model does
  expect_same(3);
  CHECK(received.acknowledged(2));

  // Longer than one call (kMaxStepsPerCall): continued by calls with in_words = 0.
  writer.packet(link::Opcode::spike_in, 0, event_words(12, 400, 1500, rows, 0.03));
  writer.run(1500);
  writer.sync(4);
  REQUIRE(writer.words().size() <= kInWords);
  calls = host.calls();
  expect_same(4);
  CHECK(host.calls() - calls >= 2);

  // A small output buffer (a worst-case step and 16 words): each call stops before a step could
  // overflow it, and nothing is lost. (A worst-case step of this chip, with one sync queued:
  // every neuron's spike, one header, a status and an ack.)
  const std::uint32_t worst_step = static_cast<std::uint32_t>(neurons + 1 + fx::kAcknowledgeWords);
  const std::uint32_t small = worst_step + 16;
  host.set_out_capacity(small);
  writer.packet(link::Opcode::spike_in, 0, event_words(13, 1900, 1000, rows, 0.05));
  writer.run(1000);
  writer.sync(5);
  REQUIRE(writer.words().size() <= kInWords);
  calls = host.calls();
  const std::size_t words = expect_same(5);
  CHECK(words > 4 * small);  // so it did need several calls
  CHECK(host.calls() - calls >= 5);

  // One word short of a worst-case step: no step at all (the step register says so), however
  // often called; a buffer that holds exactly one worst-case step lets the run go on.
  host.set_out_capacity(worst_step - 1);
  writer.packet(link::Opcode::spike_in, 0, event_words(14, 2900, 50, rows, 0.2));
  writer.run(50);
  writer.sync(6);
  send_to_both();
  for (int k = 0; k < 5; ++k) CHECK(host.receive().empty());
  writer.packet(link::Opcode::read_register, regs::step_low);
  send_to_both();
  const auto step_reply = host.receive();
  received.feed(step_reply);
  CHECK(step_reply == golden.take());  // the golden model has not stepped either
  REQUIRE(step_reply.size() == 2);
  CHECK(link::unpack_register_value(step_reply[1]).value == 2900);
  host.set_out_capacity(worst_step);
  calls = host.calls();
  const auto rest = exchange(host, received, {}, 6);
  golden.run_to_idle();
  CHECK(rest == golden.take());
  CHECK(host.calls() - calls >= 2);

  // A reply packet larger than the whole buffer is dropped whole, never torn; the next reply
  // comes as usual, and the host sees one packet missing from the sequence.
  host.set_out_capacity(1);
  writer.packet(link::Opcode::read_register, regs::identity);
  send_to_both();
  CHECK(host.receive().empty());
  golden.take();  // the golden model, with no bound, did answer
  host.set_out_capacity(kOutCapacity);
  writer.packet(link::Opcode::read_register, regs::version);
  send_to_both();
  const auto version_reply = host.receive();
  received.feed(version_reply);
  CHECK(version_reply == golden.take());
  CHECK(received.reader.sequence_gaps() == 1);

  CHECK(count_of(received.packets, link::Opcode::error) == 0);
  CHECK(count_of(received.packets, link::Opcode::spike_out) > 20);
}
