// The host link: generated packet layouts, and the device core behind them, loaded and driven
// by packets only, against the fixed-point array driven directly.
#include <doctest/doctest.h>

#include <memory>

#include "experiments/array_run.hpp"
#include "fixed/fixed_array.hpp"
#include "ionarray/link_core.hpp"
#include "ionarray_top.hpp"
#include "link/config_packets.hpp"
#include "link/packet_reader.hpp"
#include "sealed_packet.hpp"

using namespace ionarray;

namespace {

constexpr int kTiles = 4;

struct Sink {
  link::PacketReader reader;
  void push(std::uint64_t w) { reader.feed(w); }
};

// A device core with its memories, fed word by word; runs while it has steps to do.
struct Device {
  std::unique_ptr<fx::ArrayMemory<kTiles>> memory = std::make_unique<fx::ArrayMemory<kTiles>>();
  fx::LinkCore<kTiles> core{*memory};
  Sink sink;
  void send(const std::vector<std::uint64_t>& words) {
    for (auto w : words) core.accept(w, sink);
    while (core.wants_step()) core.step(sink);
  }
  std::vector<link::Packet> received() { return sink.reader.take(); }
};

std::vector<link::Packet> of(const std::vector<link::Packet>& packets, link::Opcode op) {
  std::vector<link::Packet> out;
  for (const auto& p : packets)
    if (p.opcode() == op) out.push_back(p);
  return out;
}

link::Header header(link::Opcode op, std::uint64_t length, std::uint64_t seq, std::uint64_t argument = 0) {
  return {.opcode = std::uint64_t(op), .length = length, .seq = seq, .argument = argument};
}

using testing::sealed;

}  // namespace

TEST_CASE("generated layouts round-trip and flag values too wide for their field") {
  const link::SpikeOut s{.step = 123456, .tile = 3, .neuron = 255};
  CHECK(link::unpack_spike_out(link::pack(s)) == s);
  CHECK(link::fits(s));
  CHECK_FALSE(link::fits(link::SpikeOut{.step = 1ULL << 32}));
  const auto h = header(link::Opcode::spike_in, 7, 65535, 42);
  CHECK(link::unpack_header(link::pack(h)) == h);
  CHECK((link::pack(h) >> 56) == 0x30);  // the opcode sits in the top byte
}

TEST_CASE("a device loaded and driven only by packets spikes exactly as the fixed-point array") {
  const auto spec = chain_demo_spec(false, 5);
  fixed::FixedArray direct(spec, 5);
  Device device;
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 5));
  writer.sync(1);
  device.send(writer.words());
  const auto setup = device.received();
  REQUIRE(of(setup, link::Opcode::error).empty());
  REQUIRE(of(setup, link::Opcode::ack).size() == 1);

  // The same Poisson input on both paths.
  const long steps = 1500;
  noise::NoiseStream events(7, 0, noise::Stream::device_to_device);
  std::vector<std::vector<long>> expected(static_cast<std::size_t>(spec.neurons()));
  writer.words().clear();
  for (long k = 0; k < steps; ++k) {
    for (int i = 0; i < spec.rows; ++i)
      if (events.next_uniform() < 0.01) {
        direct.trigger(0, i);
        writer.spike_in(static_cast<std::uint32_t>(k), 0, i);
      }
    for (int n : direct.step()) expected[static_cast<std::size_t>(n)].push_back(k);
  }
  writer.run(steps);
  writer.sync(2);
  device.send(writer.words());
  const auto packets = device.received();
  CHECK(of(packets, link::Opcode::error).empty());
  std::vector<std::vector<long>> got(static_cast<std::size_t>(spec.neurons()));
  for (const auto& p : of(packets, link::Opcode::spike_out))
    for (auto w : p.payload) {
      const auto s = link::unpack_spike_out(w);
      got[s.tile * static_cast<std::uint64_t>(spec.columns) + s.neuron].push_back(static_cast<long>(s.step));
    }
  std::size_t total = 0;
  for (const auto& e : expected) total += e.size();
  CHECK(total > 500);
  CHECK(got == expected);
  CHECK(device.core.counter(link::Counter::steps) == steps);
  CHECK(device.core.counter(link::Counter::spikes_out) == total);
  CHECK(device.sink.reader.sequence_gaps() == 0);
  const auto status = of(packets, link::Opcode::status);
  REQUIRE(status.size() == 1);
  CHECK(link::unpack_counter_value(status[0].payload[int(link::Counter::spikes_out)]).value == total);
}

TEST_CASE("malformed packets are answered by an error packet, counted, and change nothing") {
  Device device;
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(chain_demo_spec(false, 5), 5));
  device.send(writer.words());
  device.received();
  const auto state_before = device.memory->tiles[0].neurons[3];
  const auto g_before = device.memory->tiles[1].g[2][3];
  const std::uint64_t seq = writer.next_sequence();
  // Feeds words without stepping, and checks that exactly one error packet with `code` came back.
  auto expect_error = [&](const std::vector<std::uint64_t>& words, link::Error code) {
    const auto errors_before = device.core.counter(link::Counter::errors);
    for (auto w : sealed(words)) device.core.accept(w, device.sink);
    const auto errors = of(device.received(), link::Opcode::error);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].header.argument == std::uint64_t(code));
    CHECK(device.core.counter(link::Counter::errors) == errors_before + 1);
  };
  SUBCASE("unknown opcode") {
    expect_error({link::pack(link::Header{.opcode = 0x55, .length = 0, .seq = seq})}, link::Error::unknown_opcode);
  }
  SUBCASE("bad length") {
    expect_error({link::pack(header(link::Opcode::run, 2, seq, 5)), 0, 0}, link::Error::bad_length);
    CHECK_FALSE(device.core.wants_step());  // the refused run did not start
  }
  SUBCASE("out-of-range tile, row and address") {
    expect_error({link::pack(header(link::Opcode::spike_in, 1, seq)),
                  link::pack(link::SpikeIn{.step = 0, .tile = 9, .row = 0})},
                 link::Error::out_of_range);
    expect_error({link::pack(header(link::Opcode::write_memory, 1, seq + 1)),
                  link::pack(link::MemoryWrite{.tile = 1, .memory = 0, .address = std::uint64_t(fx::crossbar_address(255, 0)), .data = 1})},
                 link::Error::out_of_range);
    // A coefficient whose shift the engine's shifters cannot take (configure() makes none).
    expect_error({link::pack(header(link::Opcode::write_memory, 1, seq + 2)),
                  link::pack(link::MemoryWrite{.tile = 1, .memory = std::uint64_t(link::Memory::shared_coefs),
                                               .address = std::uint64_t(fx::SharedField::grow),
                                               .data = fx::pack_coef({1 << 16, fx::kCoefShiftMax + 1})})},
                 link::Error::out_of_range);
    // A column beyond the configured ones, in a row that exists.
    expect_error({link::pack(header(link::Opcode::write_memory, 1, seq + 3)),
                  link::pack(link::MemoryWrite{.tile = 1, .memory = 0, .address = std::uint64_t(fx::crossbar_address(0, 255)), .data = 1})},
                 link::Error::out_of_range);
  }
  SUBCASE("configuration write while running") {
    for (auto w : sealed({link::pack(header(link::Opcode::run, 0, seq))})) device.core.accept(w, device.sink);  // free run
    expect_error({link::pack(header(link::Opcode::write_memory, 1, seq + 1)),
                  link::pack(link::MemoryWrite{.tile = 1, .memory = 0, .address = 2 * 64 + 3, .data = 7})},
                 link::Error::write_while_running);
  }
  SUBCASE("sequence gap") {
    expect_error({link::pack(header(link::Opcode::sync, 0, seq + 5, 9))}, link::Error::sequence_gap);
  }
  SUBCASE("event in the past") {
    device.send(sealed({link::pack(header(link::Opcode::run, 0, seq, 10))}));  // runs to step 10
    device.received();
    expect_error({link::pack(header(link::Opcode::spike_in, 1, seq + 1)),
                  link::pack(link::SpikeIn{.step = 3, .tile = 0, .row = 0})},
                 link::Error::event_in_the_past);
  }
  SUBCASE("event out of step order: refused, the events before it kept") {
    expect_error({link::pack(header(link::Opcode::spike_in, 2, seq)), link::pack(link::SpikeIn{.step = 5, .tile = 0, .row = 0}),
                  link::pack(link::SpikeIn{.step = 3, .tile = 0, .row = 1})},
                 link::Error::event_out_of_order);
    CHECK(device.core.counter(link::Counter::spikes_in) == 1);
  }
  SUBCASE("event queue full: dropped, counted as an overflow, reported") {
    std::vector<std::uint64_t> words = {link::pack(header(link::Opcode::spike_in, 255, seq))};
    for (int k = 0; k < 255; ++k) words.push_back(link::pack(link::SpikeIn{.step = 100, .tile = 0, .row = 1}));
    for (int p = 0; p < 4; ++p) {  // 1020 queued
      words[0] = link::pack(header(link::Opcode::spike_in, 255, seq + static_cast<std::uint64_t>(p)));
      for (auto w : sealed(words)) device.core.accept(w, device.sink);
    }
    CHECK(of(device.received(), link::Opcode::error).empty());
    std::vector<std::uint64_t> more = {link::pack(header(link::Opcode::spike_in, 5, seq + 4))};
    for (int k = 0; k < 5; ++k) more.push_back(link::pack(link::SpikeIn{.step = 100, .tile = 0, .row = 2}));
    for (auto w : sealed(more)) device.core.accept(w, device.sink);
    CHECK(of(device.received(), link::Opcode::error).size() == 1);  // the 1025th event
    CHECK(device.core.counter(link::Counter::overflows) == 1);
    CHECK(device.core.counter(link::Counter::spikes_in) == 1024);
  }
  CHECK(device.memory->tiles[0].neurons[3].vm == state_before.vm);
  CHECK(device.memory->tiles[1].g[2][3] == g_before);
}

TEST_CASE("the HLS top answers on its streams: identity register, then a packet-loaded run") {
  fx::Stream<std::uint64_t> in, out;
  for (auto w : sealed({link::pack(header(link::Opcode::read_register, 0, 0, regs::identity))})) in.write(w);
  CHECK(fx::ionarray_top(in, out) == 0);
  link::PacketReader reader;
  while (!out.empty()) reader.feed(out.read());
  const auto answers = reader.take();
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].opcode() == link::Opcode::register_value);
  CHECK(link::unpack_register_value(answers[0].payload.at(0)).value == regs::identity_reset);
}

TEST_CASE("link faults: a corrupted packet is refused, every packet after it dropped until a resync, which says where to re-send from") {
  Device device;
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(chain_demo_spec(false, 5), 5));
  device.send(writer.words());
  REQUIRE(of(device.received(), link::Opcode::error).empty());
  const std::uint64_t seq = writer.next_sequence();
  const auto run5 = [&](std::uint64_t s) { return sealed({link::pack(header(link::Opcode::run, 0, s, 5))}); };

  auto corrupted = run5(seq);
  corrupted[0] ^= std::uint64_t{1} << 3;  // the argument: run 13 steps instead of 5
  device.send(corrupted);
  auto answers = device.received();
  REQUIRE(of(answers, link::Opcode::error).size() == 1);
  CHECK(of(answers, link::Opcode::error)[0].header.argument == std::uint64_t(link::Error::crc_mismatch));
  CHECK(device.core.counter(link::Counter::steps) == 0);
  CHECK(device.core.counter(link::Counter::link_faults) == 1);

  device.send(run5(seq));  // a good packet, but the device is looking for a resync: dropped
  CHECK(device.received().empty());
  CHECK(device.core.counter(link::Counter::steps) == 0);

  writer.words().clear();
  writer.resync(44);
  device.send(writer.words());
  answers = device.received();
  REQUIRE(answers.size() == 2);
  CHECK(answers[0].opcode() == link::Opcode::status);
  CHECK(answers[1].opcode() == link::Opcode::resynced);
  CHECK(answers[1].header.argument == 44);
  CHECK(link::unpack_session(answers[1].payload.at(0)).expected_seq == seq);

  device.send(run5(seq));  // re-sent: taken
  CHECK(device.core.counter(link::Counter::steps) == 5);
  device.send(run5(seq));  // a duplicate: dropped, counted, not answered
  CHECK(device.received().empty());
  CHECK(device.core.counter(link::Counter::steps) == 5);
  CHECK(device.core.counter(link::Counter::link_faults) == 2);
  device.send(run5(seq + 3));  // two packets lost before it
  answers = device.received();
  REQUIRE(of(answers, link::Opcode::error).size() == 1);
  CHECK(of(answers, link::Opcode::error)[0].header.argument == std::uint64_t(link::Error::sequence_gap));
  CHECK(device.core.counter(link::Counter::steps) == 5);
  CHECK(device.sink.reader.faults().total() == 0);  // everything the device sent arrived whole
}
