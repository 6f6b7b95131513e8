// The standalone USB board logic (rtl/top/ionarray_usb_system.sv: the FX3 slave-FIFO bridge in
// front of the kernel) against a model of the FX3 (sim/fx3/fx3_model.hpp) and a host that stalls
// at random (random_fx3_host.hpp): host-link words sent over the bus give, word for word, the C++ link core's answers;
// the output is ended with PKTEND# when it goes idle; the model catches a bridge that trusts a
// flag sooner than the flag latency allows.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "Vionarray_usb_system.h"
#include "cpp_core.hpp"
#include "experiments/array_run.hpp"
#include "fixed/array_image.hpp"
#include "random_fx3_host.hpp"
#include "ionarray/registers.hpp"
#include "link/config_packets.hpp"
#include "link/packet_reader.hpp"
#include "ionarray/noise.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

// The bridge's parameters as verilated (CMakeLists.txt): the model's buffer must match.
constexpr std::size_t kBufferWords = 256;
constexpr int kFlagLatency = 3;

// The verilated board logic with the FX3 model on its pins, one clock edge per tick().
struct UsbBoard {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_usb_system> m = std::make_unique<Vionarray_usb_system>(context.get());
  fx3::Fx3Model fx3;
  testing::RandomFx3Host host;
  std::uint64_t cycles = 0;
  std::uint64_t answered_at = 0;  // the cycle the last exchange's answer was complete
  bool split_enables = false;     // DQ's per-bit tristates ever disagreed

  explicit UsbBoard(fx3::Fx3Config config, testing::RandomHostConfig host_config = {})
      : fx3(config), host(host_config, config.out_buffer_words) {
    // Reset, with the FX3 not yet looking at the bus: the bridge's registers take their reset
    // values at the first edge (its reset comes from the synchronizer, whose flip-flops start
    // low, so Verilator sees no falling edge to act on before that).
    m->clk_i = 0;
    m->rst_ni = 0;
    m->flaga_i = m->flagb_i = m->flagc_i = m->flagd_i = 0;
    for (int k = 0; k < 4; ++k) {
      m->clk_i = 1;
      m->eval();
      m->clk_i = 0;
      m->eval();
    }
    m->rst_ni = 1;
    for (int k = 0; k < 4; ++k) tick();
  }
  // The board's reset in mid-operation (the FX3 keeps its buffers, as it does on a real board).
  void reset() {
    m->rst_ni = 0;
    for (int k = 0; k < 4; ++k) tick();
    m->rst_ni = 1;
    for (int k = 0; k < 4; ++k) tick();
  }
  fx3::Fx3Pins pins() const {
    return {.slcs_n = m->slcs_n_o != 0, .slwr_n = m->slwr_n_o != 0, .slrd_n = m->slrd_n_o != 0,
            .sloe_n = m->sloe_n_o != 0, .pktend_n = m->pktend_n_o != 0, .dq_oe = m->dq_t_o != 0xFFFFFFFFu,
            .addr = m->fifoaddr_o, .dq = m->dq_o};
  }
  void tick() {
    const auto p = pins();  // registered outputs: what the FX3 samples at this edge
    if (m->dq_t_o != 0 && m->dq_t_o != 0xFFFFFFFFu) split_enables = true;  // the per-bit tristates must agree
    m->flaga_i = fx3.flaga();
    m->flagb_i = fx3.flagb();
    m->flagc_i = fx3.flagc();
    m->flagd_i = fx3.flagd();
    m->dq_i = fx3.dq(p);
    m->clk_i = 1;
    m->eval();
    fx3.clock_edge(p, host);
    m->clk_i = 0;
    m->eval();
    ++cycles;
  }
  // Sends `words` through the host's OUT endpoint and clocks until the host has `expected` new
  // words, everything sent has been read and nothing is left in the FX3, then a while longer
  // (extra words would show); gives up after `max_cycles`.
  std::vector<std::uint64_t> exchange(const std::vector<std::uint64_t>& words, std::size_t expected,
                                      std::uint64_t max_cycles = 4'000'000) {
    const std::size_t before = host.received().size();
    host.send(words);
    const std::uint64_t limit = cycles + max_cycles;
    while (cycles < limit &&
           !(host.received().size() - before >= expected && host.all_sent() && fx3.out_all_read() && fx3.in_all_taken()))
      tick();
    answered_at = cycles;
    for (int k = 0; k < 2000 && cycles < limit; ++k) tick();
    return {host.received().begin() + static_cast<std::ptrdiff_t>(before), host.received().end()};
  }
};

std::string joined(const std::vector<std::string>& lines) {
  return std::accumulate(lines.begin(), lines.end(), std::string{}, [](std::string a, const std::string& b) { return a + b + "\n"; });
}

// A chip configuration, then a run with input events and syncs, in three exchanges.
std::vector<std::vector<std::uint64_t>> session(std::uint64_t seed) {
  const auto spec = chain_spec(4, 16, true, 4, 4);
  std::vector<std::vector<std::uint64_t>> exchanges;
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 4));
  writer.sync(1);
  exchanges.push_back(writer.words());
  writer.words().clear();
  noise::NoiseStream draws(seed, 0, noise::Stream::device_to_device);
  for (std::uint32_t k = 0; k < 300; ++k)
    for (int row = 0; row < 16; ++row)
      if (draws.next_uniform() < 0.05) writer.spike_in(k, static_cast<int>(k % 4), row);
  writer.run(150);
  writer.sync(2);
  writer.run(150);
  writer.sync(3);
  exchanges.push_back(writer.words());
  writer.words().clear();
  writer.packet(link::Opcode::read_register, regs::identity);
  writer.sync(4);
  exchanges.push_back(writer.words());
  return exchanges;
}

}  // namespace

TEST_CASE("usb bridge: configuration, a run with events and syncs over a randomly stalling FX3 give the C++ core's words") {
  struct Scenario {
    const char* name;
    fx3::Fx3Config fx3;
    testing::RandomHostConfig host;
  };
  std::vector<Scenario> scenarios;
  {
    fx3::Fx3Config worst;  // flags as late as the bridge allows, host stalls
    worst.full_flag_latency = worst.empty_flag_latency = kFlagLatency;
    worst.seed = 11;
    scenarios.push_back({"flag latency 3, stalling host", worst, {.seed = 11}});
    fx3::Fx3Config stalls = worst;  // early flags, long stalls, many short OUT buffers, one IN buffer
    stalls.full_flag_latency = 1;
    stalls.empty_flag_latency = 2;
    stalls.out_buffer_words = 16;
    stalls.in_buffers = 1;
    stalls.seed = 12;
    scenarios.push_back({"flag latency 1/2, long stalls, 16-word OUT buffers", stalls,
                         {.stall_toggle = 0.05, .activity = 0.2, .seed = 12}});
    fx3::Fx3Config usb2 = worst;  // high speed: 512-byte buffers, the smallest watermark the latency allows
    usb2.in_buffer_words = usb2.out_buffer_words = 128;
    usb2.watermark = kFlagLatency + 1;
    usb2.seed = 14;
    scenarios.push_back({"USB 2 buffers (512 bytes), watermark 4, stalling host", usb2, {.seed = 14}});
    fx3::Fx3Config early = worst;  // flags faster than assumed (the data sheet allows less latency)
    early.full_flag_latency = 1;
    early.empty_flag_latency = 1;
    early.read_data_latency = 2;
    early.seed = 15;
    scenarios.push_back({"flag latency 1, stalling host", early, {.seed = 15}});
    fx3::Fx3Config fast = worst;  // a host that never stalls
    fast.in_buffers = 4;
    fast.out_buffers = 4;
    fast.seed = 13;
    scenarios.push_back({"flag latency 3, host never stalls", fast, {.stall_toggle = 0, .activity = 1, .seed = 13}});
  }
  for (const auto& s : scenarios) {
    INFO("scenario: ", std::string(s.name));
    UsbBoard board(s.fx3, s.host);
    testing::CppCore cpp;
    std::size_t compared = 0, spikes = 0;
    for (const auto& words : session(6)) {
      const auto expected = cpp.exchange(words);
      const std::uint64_t start = board.cycles;
      const auto got = board.exchange(words, expected.size());
      INFO(joined(board.fx3.errors()));
      CHECK(got == expected);
      REQUIRE(board.fx3.errors().empty());
      MESSAGE(std::string(s.name), ": ", words.size(), " words in, ", got.size(), " out, answered after ", board.answered_at - start,
              " cycles");
      compared += got.size();
      for (std::size_t at = 0; at < expected.size();) {
        const auto h = link::unpack_header(expected[at]);
        if (h.opcode == std::uint64_t(link::Opcode::spike_out)) spikes += h.length;
        at += link::packet_words(expected[at]);
      }
    }
    CHECK(spikes > 10);
    CHECK(compared > 40);
  }
}

TEST_CASE("usb bridge: the output is ended with PKTEND# once it goes idle, a full buffer with a zero-length packet") {
  fx3::Fx3Config config;
  config.in_buffers = 4;
  UsbBoard board(config, {.stall_toggle = 0, .activity = 1});
  testing::CppCore cpp;
  link::PacketWriter writer;  // one host session: sequence numbers run on
  writer.load(fixed::build_array_image(chain_spec(4, 16, true, 4, 4), 4));
  writer.sync(1);
  REQUIRE(board.exchange(writer.words(), cpp.exchange(writer.words()).size()) == cpp.sink.words);
  for (int k = 0; k < 100; ++k) board.tick();

  // One sync: status and ack, a few bus words, must reach the host as a short packet: without
  // PKTEND# they would stay in the FX3's buffer and the host's read would wait.
  const auto pktends = board.fx3.pktends();
  const auto packets = board.host.packets().size();
  writer.words().clear();
  writer.sync(7);
  const auto expected = cpp.exchange(writer.words());
  REQUIRE(expected.size() == std::size_t{fx::kAcknowledgeWords});
  CHECK(board.exchange(writer.words(), expected.size()) == expected);
  CHECK(board.fx3.pktends() == pktends + 1);
  REQUIRE(board.host.packets().size() == packets + 1);
  CHECK(board.host.packets().back() == 2 * expected.size());

  // A sync, state and register reads: exactly 256 bus words, one whole buffer, which the FX3 commits
  // itself. However the output is cut into packets, the host's last one must be short or
  // zero-length so its read completes.
  writer.words().clear();
  // (one sync: 12 words; two one-neuron state reads: 10 words each; register values: 3 words each)
  constexpr std::size_t kStateAnswerWords = 2 + fx::kStateWords;
  const std::size_t reads = (kBufferWords / 2 - fx::kAcknowledgeWords - 2 * kStateAnswerWords) / 3;
  writer.read_state(0, 0, 1);
  writer.read_state(0, 1, 1);
  for (std::size_t k = 0; k < reads; ++k) writer.packet(link::Opcode::read_register, regs::identity);
  writer.sync(100);
  const auto expected16 = cpp.exchange(writer.words());
  REQUIRE(2 * expected16.size() == kBufferWords);
  CHECK(board.exchange(writer.words(), expected16.size()) == expected16);
  const std::vector<std::size_t> sizes(board.host.packets().begin() + static_cast<std::ptrdiff_t>(packets + 1),
                                       board.host.packets().end());
  CHECK(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}) == 2 * expected16.size());
  REQUIRE(!sizes.empty());
  CHECK(sizes.back() < kBufferWords);
  MESSAGE("packets after a buffer's worth (bus words):", fmt::format(" {}", fmt::join(sizes, " ")));
  INFO(joined(board.fx3.errors()));
  CHECK(board.fx3.errors().empty());
}

TEST_CASE("usb bridge: an FX3 whose flags lag one edge more than the bridge assumes is caught, in both directions") {
  const auto setup = session(6).front();
  SUBCASE("FLAGC and FLAGD late: the bridge reads an empty thread") {
    fx3::Fx3Config config;
    config.empty_flag_latency = kFlagLatency + 1;
    config.out_buffer_words = 16;
    config.seed = 21;
    UsbBoard board(config);
    board.exchange(setup, 8, 400'000);
    REQUIRE(!board.fx3.errors().empty());
    CHECK(board.fx3.errors().front().find("read from an empty thread") != std::string::npos);
  }
  SUBCASE("FLAGA and FLAGB late: the bridge writes a full thread") {
    fx3::Fx3Config config;
    config.full_flag_latency = kFlagLatency + 1;
    config.in_buffers = 1;          // the host takes the only buffer late
    config.seed = 22;
    UsbBoard board(config, {.activity = 0.05, .seed = 22});
    link::PacketWriter writer = [&] {
      link::PacketWriter w;
      w.load(fixed::build_array_image(chain_spec(4, 16, true, 4, 4), 4));
      w.sync(1);
      return w;
    }();
    board.exchange(writer.words(), 8, 400'000);
    INFO(joined(board.fx3.errors()));
    REQUIRE(board.fx3.errors().empty());
    writer.words().clear();
    for (std::uint32_t k = 0; k < 40; ++k) writer.sync(10 + k);  // 640 bus words out
    board.exchange(writer.words(), 320, 400'000);
    REQUIRE(!board.fx3.errors().empty());
    CHECK(board.fx3.errors().front().find("to a full thread") != std::string::npos);
  }
}

namespace {

// The packets of `words` as the host reads them.
std::vector<link::Packet> packets_of(const std::vector<std::uint64_t>& words) {
  link::PacketReader reader;
  for (auto w : words) reader.feed(w);
  return reader.take();
}

bool acknowledges(const std::vector<link::Packet>& packets, std::uint32_t token) {
  return std::any_of(packets.begin(), packets.end(),
                     [&](const link::Packet& p) { return p.opcode() == link::Opcode::ack && p.header.argument == token; });
}

// The sequence number the device expects next, from its answer to resync `token` (-1 without one).
long resynced_at(const std::vector<link::Packet>& packets, std::uint32_t token) {
  for (const auto& p : packets)
    if (p.opcode() == link::Opcode::resynced && p.header.argument == token && !p.payload.empty())
      return static_cast<long>(link::unpack_session(p.payload[0]).expected_seq);
  return -1;
}

// The link_errors counter of the last status packet (-1 without one).
long link_errors_of(const std::vector<link::Packet>& packets) {
  long found = -1;
  for (const auto& p : packets)
    if (p.opcode() == link::Opcode::status)
      for (auto w : p.payload) {
        const auto c = link::unpack_counter_value(w);
        if (c.id == std::uint64_t(link::Counter::link_errors)) found = static_cast<long>(c.value);
      }
  return found;
}

}  // namespace

TEST_CASE("usb bridge: a 32-bit word gained on the bus is found, counted and dropped, and after a resync the next exchange is answered") {
  fx3::Fx3Config config;
  config.seed = 31;
  UsbBoard board(config, {.seed = 31});
  testing::CppCore cpp;
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(chain_spec(4, 16, true, 4, 4), 4));
  writer.sync(1);
  REQUIRE(board.exchange(writer.words(), cpp.exchange(writer.words()).size()) == cpp.sink.words);

  // One extra word inside the next exchange: its words reach the core with their halves swapped.
  writer.words().clear();
  writer.run(5);
  writer.sync(2);
  board.host.extra_word_at(3);
  const auto garbled = packets_of(board.exchange(writer.words(), 1, 200'000));
  INFO(joined(board.fx3.errors()));
  CHECK(board.fx3.errors().empty());
  CHECK(!acknowledges(garbled, 2));  // the sync was garbled with the rest

  // The bridge resynchronised where thread 3 drained, and the array core's packet guard waits for
  // the host's resync: its answer names the packet to re-send from; then the sync is answered and
  // the status it brings counts the error.
  writer.words().clear();
  writer.resync(9);
  const long expected = resynced_at(packets_of(board.exchange(writer.words(), fx::kAcknowledgeWords + 1, 200'000)), 9);
  REQUIRE(expected >= 0);
  writer.words().clear();
  REQUIRE(writer.resend_from(static_cast<std::uint64_t>(expected)));
  writer.sync(3);
  const auto answer = packets_of(board.exchange(writer.words(), fx::kAcknowledgeWords, 200'000));
  CHECK(acknowledges(answer, 3));
  CHECK(link_errors_of(answer) == 1);
}

TEST_CASE("usb bridge: a reset in mid-stream leaves the FX3 and the bridge agreeing, a new session is answered") {
  fx3::Fx3Config config;
  config.seed = 41;
  UsbBoard board(config, {.seed = 41});
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(chain_spec(4, 16, true, 4, 4), 4));
  writer.sync(1);
  board.host.send(writer.words());
  for (int k = 0; k < 3001; ++k) board.tick();  // the configuration is half read: a word split at random
  board.reset();
  for (int k = 0; k < 200'000 && !(board.host.all_sent() && board.fx3.out_all_read()); ++k) board.tick();
  for (int k = 0; k < 2000; ++k) board.tick();
  // The reset can only lose the words that were on their way to the FPGA at that moment (the FX3
  // had already given them up); nothing else goes wrong on the bus.
  INFO(joined(board.fx3.errors()));
  const auto& errors = board.fx3.errors();
  CHECK(std::all_of(errors.begin(), errors.end(), [](const std::string& e) { return e.find("due while SLOE# is high") != std::string::npos; }));
  CHECK(errors.size() <= 3);  // READ_DATA_LATENCY + 1 reads in flight
  const auto before = errors.size();

  // A new host session after the old one's leftovers: it opens with a resync (whatever the packet
  // guard made of the leftovers), then numbers its packets from the sequence number the answer gives.
  link::PacketWriter session;
  session.resync(5);
  const long expected = resynced_at(packets_of(board.exchange(session.words(), fx::kAcknowledgeWords + 1, 400'000)), 5);
  REQUIRE(expected >= 0);
  session.words().clear();
  session.restart_at(static_cast<std::uint64_t>(expected));
  session.sync(77);
  const auto answer = packets_of(board.exchange(session.words(), fx::kAcknowledgeWords, 400'000));
  CHECK(acknowledges(answer, 77));
  CHECK(board.fx3.errors().size() == before);
  CHECK(!board.split_enables);
}
