// The XRT kernel ionarray_link (hls/top/ionarray_link.cpp), called through the xrt:// transport's
// protocol (KernelCallTransport) with host buffers for the card's, against the link core (the
// golden model) fed the same packets: the same words, in the same order, and never a word
// written past the output buffer. And the protocol itself, over a scripted kernel.
//
// The kernel keeps its core in static memory, like the board: one session per process, so
// every check of it is one test case, in session order.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "device/device.hpp"
#include "device/kernel_calls.hpp"
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

// Test double for the absent card: a LinkKernel that calls the kernel's C++ (ionarray_link) in
// this process, on two host vectors standing in for the two xrt::bo of xrt_transport.cpp. The
// protocol around it is the real one (KernelCallTransport). Before every call the whole output
// buffer and kGuardWords past it are filled with a marker; after it, nothing past out[out[0]] may
// have changed. After every call the input buffer is overwritten, so a call told the wrong
// in_words would read words that were never sent.
class InProcessLinkKernel : public LinkKernel {
 public:
  explicit InProcessLinkKernel(std::uint32_t out_capacity) : in_(kInWords) { set_output_capacity(out_capacity); }

  void set_output_capacity(std::uint32_t words) {
    out_capacity_ = words;
    out_.assign(1 + words + kGuardWords, kUntouched);
  }

  std::size_t input_capacity() const override { return in_.size(); }
  std::size_t output_capacity() const override { return out_capacity_; }
  std::string describe() const override { return "ionarray_link called in process (test double)"; }

  void write_input(std::span<const std::uint64_t> words) override {
    REQUIRE(words.size() <= in_.size());
    std::copy(words.begin(), words.end(), in_.begin());
  }

  void call(std::uint32_t in_words, std::uint32_t out_capacity) override {
    REQUIRE(in_words <= in_.size());
    REQUIRE(out_capacity == out_capacity_);
    std::fill(out_.begin(), out_.end(), kUntouched);
    ionarray_link(in_.data(), in_words, out_.data(), out_capacity);
    std::fill(in_.begin(), in_.end(), kUntouched);
    const std::uint64_t count = out_[0];
    REQUIRE(count <= out_capacity);
    // Nothing past out[count] is written: neither the unused room nor the guard beyond out_capacity.
    const auto untouched = std::count(out_.begin() + static_cast<std::ptrdiff_t>(1 + count), out_.end(), kUntouched);
    REQUIRE(static_cast<std::size_t>(untouched) == out_.size() - 1 - count);
  }

  void read_output(std::size_t offset, std::span<std::uint64_t> words) override {
    REQUIRE(offset + words.size() <= 1 + std::size_t{out_capacity_});
    std::copy_n(out_.begin() + static_cast<std::ptrdiff_t>(offset), words.size(), words.begin());
  }

 private:
  std::vector<std::uint64_t> in_, out_;
  std::uint32_t out_capacity_ = 0;
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
std::vector<std::uint64_t> exchange(KernelCallTransport& host, Received& received, const std::vector<std::uint64_t>& words,
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
  auto owned_kernel = std::make_unique<InProcessLinkKernel>(kOutCapacity);
  InProcessLinkKernel& kernel = *owned_kernel;
  KernelCallTransport host("xrt://in-process", std::move(owned_kernel));
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
  std::uint64_t calls = host.calls();
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
  // every neuron's spike in one packet with its header and trailer, a status and an ack.)
  const std::uint32_t worst_step = static_cast<std::uint32_t>(neurons + 2 + fx::kAcknowledgeWords);
  const std::uint32_t small = worst_step + 16;
  kernel.set_output_capacity(small);
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
  kernel.set_output_capacity(worst_step - 1);
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
  REQUIRE(step_reply.size() == 3);  // (header, value, trailer)
  CHECK(link::unpack_register_value(step_reply[1]).value == 2900);
  kernel.set_output_capacity(worst_step);
  calls = host.calls();
  const auto rest = exchange(host, received, {}, 6);
  golden.run_to_idle();
  CHECK(rest == golden.take());
  CHECK(host.calls() - calls >= 2);

  // A reply packet larger than the whole buffer is dropped whole, never torn; the next reply
  // comes as usual, and the host sees one packet missing from the sequence.
  kernel.set_output_capacity(1);
  writer.packet(link::Opcode::read_register, regs::identity);
  send_to_both();
  CHECK(host.receive().empty());
  golden.take();  // the golden model, with no bound, did answer
  kernel.set_output_capacity(kOutCapacity);
  writer.packet(link::Opcode::read_register, regs::version);
  send_to_both();
  const auto version_reply = host.receive();
  received.feed(version_reply);
  CHECK(version_reply == golden.take());
  CHECK(received.reader.sequence_gaps() == 1);

  CHECK(count_of(received.packets, link::Opcode::error) == 0);
  CHECK(count_of(received.packets, link::Opcode::spike_out) > 20);
}

namespace {

// A LinkKernel that answers each call with the words it was given (or with what the test sets),
// recording the in_words of every call.
class EchoKernel : public LinkKernel {
 public:
  static constexpr std::size_t kIn = 4, kOut = 4;

  std::size_t input_capacity() const override { return kIn; }
  std::size_t output_capacity() const override { return kOut; }
  std::string describe() const override { return "echo kernel (test double)"; }
  void write_input(std::span<const std::uint64_t> words) override { std::copy(words.begin(), words.end(), in_.begin()); }
  void call(std::uint32_t in_words, std::uint32_t out_capacity) override {
    in_words_of_calls.push_back(in_words);
    if (fail) fail();
    REQUIRE(out_capacity == kOut);
    out_[0] = reported_count.value_or(in_words);
    std::copy_n(in_.begin(), in_words, out_.begin() + 1);
  }
  void read_output(std::size_t offset, std::span<std::uint64_t> words) override {
    REQUIRE(offset + words.size() <= out_.size());
    std::copy_n(out_.begin() + static_cast<std::ptrdiff_t>(offset), words.size(), words.begin());
  }

  std::vector<std::uint32_t> in_words_of_calls;
  std::optional<std::uint64_t> reported_count;
  std::function<void()> fail;

 private:
  std::array<std::uint64_t, kIn> in_{};
  std::array<std::uint64_t, 1 + kOut> out_{};
};

}  // namespace

TEST_CASE("the kernel call protocol: input cut to the kernel's capacity, one call at least, the count checked") {
  auto owned = std::make_unique<EchoKernel>();
  EchoKernel& kernel = *owned;
  KernelCallTransport transport("xrt://echo", std::move(owned));

  // 10 words: calls of 4, 4 and 2, every word back in order.
  const std::vector<std::uint64_t> words{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  transport.send({words.begin(), words.begin() + 3});
  transport.send({words.begin() + 3, words.end()});
  CHECK(transport.receive() == words);
  CHECK(kernel.in_words_of_calls == std::vector<std::uint32_t>{4, 4, 2});
  // Nothing pending: still one call, so a running core keeps stepping; the sent words are gone.
  CHECK(transport.receive().empty());
  CHECK(kernel.in_words_of_calls.back() == 0);
  CHECK(transport.calls() == 4);
  CHECK(transport.describe() == "echo kernel (test double)");

  kernel.reported_count = EchoKernel::kOut + 1;
  CHECK_THROWS_WITH_AS(transport.receive(), "xrt://echo: the kernel reports 5 output words; its buffer holds 4",
                       DeviceError);
  kernel.reported_count.reset();

  kernel.fail = [] { throw std::runtime_error("bus error"); };
  CHECK_THROWS_WITH_AS(transport.receive(), "xrt://echo: device disappeared or failed during a kernel call: bus error",
                       DeviceError);
  kernel.fail = [] { throw DeviceError("xrt://echo: the card's own words"); };
  CHECK_THROWS_WITH_AS(transport.receive(), "xrt://echo: the card's own words", DeviceError);
}

TEST_CASE("the kernel call protocol refuses a kernel with no room for input") {
  struct NoInput : EchoKernel {
    std::size_t input_capacity() const override { return 0; }
  };
  CHECK_THROWS_WITH_AS(KernelCallTransport("xrt://none", std::make_unique<NoInput>()),
                       "xrt://none: the kernel has no room for input words", DeviceError);
}
