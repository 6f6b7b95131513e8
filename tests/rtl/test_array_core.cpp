// The array core RTL against the C++ link core: the same input word stream (configuration,
// events, run, syncs, malformed packets) must give the same output word stream, word for word.
#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <tuple>

#include "Varray_core_4x16.h"
#include "experiments/array_run.hpp"
#include "fixed/array_image.hpp"
#include "device/verilated_link.hpp"
#include "../corner_states.hpp"
#include "cpp_core.hpp"
#include "ionarray/link_core.hpp"
#include "link/config_packets.hpp"
#include "../sealed_packet.hpp"
#include "reference/device_params.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

using testing::CppCore;

struct RtlCore {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  std::unique_ptr<Varray_core_4x16> m = std::make_unique<Varray_core_4x16>(context.get());
  RtlCore() { reset_link_core(*m); }
  std::vector<std::uint64_t> exchange(const std::vector<std::uint64_t>& in) { return clock_exchange(*m, in); }
};

// The configuration words of a chain of two tiles of 16 x 16, the chip these tests run.
link::PacketWriter configured_chip() {
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(chain_spec(2, 16, true, 4, 2), 4));
  return writer;
}

link::Header header(link::Opcode op, std::uint64_t length, std::uint64_t seq, std::uint64_t argument = 0) {
  return {.opcode = std::uint64_t(op), .length = length, .seq = seq, .argument = argument};
}

}  // namespace

TEST_CASE("array core RTL and C++ link core answer the same words with the same words") {
  auto writer = configured_chip();
  writer.sync(1);
  CppCore cpp;
  RtlCore rtl;
  const auto setup_cpp = cpp.exchange(writer.words());
  const auto setup_rtl = rtl.exchange(writer.words());
  CHECK(setup_rtl == setup_cpp);
  REQUIRE(setup_cpp.size() == std::size_t{fx::kAcknowledgeWords});  // status and ack

  writer.words().clear();
  noise::NoiseStream draws(6, 0, noise::Stream::device_to_device);
  for (std::uint32_t k = 0; k < 300; ++k)
    for (int row = 0; row < 16; ++row)
      if (draws.next_uniform() < 0.05) writer.spike_in(k, 0, row);
  writer.run(300);
  writer.sync(2);
  const auto run_cpp = cpp.exchange(writer.words());
  const auto run_rtl = rtl.exchange(writer.words());
  std::size_t spikes = 0;
  for (std::size_t k = 0; k < run_cpp.size(); ++k)
    if (link::unpack_header(run_cpp[k]).opcode == std::uint64_t(link::Opcode::spike_out)) spikes += link::unpack_header(run_cpp[k]).length;
  MESSAGE(run_cpp.size() << " output words, " << spikes << " spikes");
  CHECK(spikes > 20);
  REQUIRE(run_rtl.size() == run_cpp.size());
  for (std::size_t k = 0; k < run_cpp.size(); ++k) REQUIRE_MESSAGE(run_rtl[k] == run_cpp[k], "output word " << k);

  // Malformed packets: each answered identically (error packets, counters in the final status).
  const std::uint64_t seq = writer.next_sequence();
  auto bad = testing::sealed_all({
      {link::pack(link::Header{.opcode = 0x55, .length = 0, .seq = seq})},
      {link::pack(header(link::Opcode::run, 2, seq + 1, 5)), 0, 0},
      {link::pack(header(link::Opcode::spike_in, 2, seq + 2)), link::pack(link::SpikeIn{.step = 400, .tile = 3, .row = 0}),
       link::pack(link::SpikeIn{.step = 5, .tile = 0, .row = 1})},
      {link::pack(header(link::Opcode::write_register, 1, seq + 3, 0)), 7},
      {link::pack(header(link::Opcode::sync, 0, seq + 9, 3))}});  // a gap: dropped until a resync
  // Link faults and their repair: a resync, a duplicate, a corrupted packet, a resync again.
  link::PacketWriter again;
  again.resync(21);
  const auto corrupted_at = bad.size() + again.words().size() + 2;
  for (const auto& p : {again.words(), testing::sealed({link::pack(header(link::Opcode::run, 0, seq + 3, 2))}),
                        testing::sealed({link::pack(header(link::Opcode::run, 0, seq + 4, 2))})})
    bad.insert(bad.end(), p.begin(), p.end());
  bad[corrupted_at] ^= 1;  // the second run's header
  again.words().clear();
  again.resync(22);
  bad.insert(bad.end(), again.words().begin(), again.words().end());
  const auto bad_cpp = cpp.exchange(bad);
  const auto bad_rtl = rtl.exchange(bad);
  CHECK(bad_cpp.size() > 10);
  CHECK(bad_rtl == bad_cpp);
  CHECK(cpp.core.counter(link::Counter::link_faults) == 3);  // the gap, the duplicate, the CRC mismatch
}

TEST_CASE("array core RTL and C++ link core answer register reads alike (counters after a run, unmapped addresses refused)") {
  auto writer = configured_chip();
  for (std::uint32_t k = 0; k < 50; ++k) writer.spike_in(k, 0, static_cast<int>(k % 16));
  writer.run(120);
  writer.sync(1);
  CppCore cpp;
  RtlCore rtl;
  REQUIRE(rtl.exchange(writer.words()) == cpp.exchange(writer.words()));
  std::vector<std::uint64_t> reads;
  std::uint64_t seq = writer.next_sequence();
  // Every word offset of the map and a few beyond; the capacities (tiles, rows, columns, row
  // levels, plastic rows) are each device's own (the C++ core's limits, the model's parameters in
  // RTL), so they are left out.
  for (std::uint32_t address = 0; address <= 0x60; address += 4)
    if (address != regs::max_rows && address != regs::max_columns && address != regs::max_tiles &&
        address != regs::row_levels && address != regs::plastic_rows)
      for (auto w : testing::sealed({link::pack(header(link::Opcode::read_register, 0, seq++, address))})) reads.push_back(w);
  const auto answers_cpp = cpp.exchange(reads);
  CHECK(answers_cpp.size() == 3 * reads.size() / 2);  // a value or an error, three words each
  CHECK(rtl.exchange(reads) == answers_cpp);
  CHECK(cpp.core.counter(link::Counter::spikes_in) == 50);
}

TEST_CASE("read_state answers every neuron's state words, the same from the RTL and the C++ core, and refuses bad requests") {
  auto writer = configured_chip();
  for (std::uint32_t k = 0; k < 80; ++k) writer.spike_in(k, 0, static_cast<int>(k % 16));
  writer.run(150);
  writer.read_state(0, 0, 1);  // while running: refused
  writer.sync(1);
  CppCore cpp;
  RtlCore rtl;
  REQUIRE(rtl.exchange(writer.words()) == cpp.exchange(writer.words()));

  writer.words().clear();
  for (int tile = 0; tile < 2; ++tile) {
    writer.read_state(tile, 0, 10);
    writer.read_state(tile, 10, 6);
  }
  writer.read_state(2, 0, 1);   // no tile 2
  writer.read_state(0, 0, 0);   // no neurons
  writer.read_state(0, 0, 32);  // more than one packet holds
  writer.read_state(0, 12, 5);  // past the last column
  const auto answer_cpp = cpp.exchange(writer.words());
  const auto answer_rtl = rtl.exchange(writer.words());
  REQUIRE(answer_rtl.size() == answer_cpp.size());
  for (std::size_t k = 0; k < answer_cpp.size(); ++k) REQUIRE_MESSAGE(answer_rtl[k] == answer_cpp[k], "output word " << k);

  // The answers decode to the core's own state, field by field.
  std::size_t k = 0, neurons = 0, refused = 0;
  while (k < answer_cpp.size()) {
    const auto h = link::unpack_header(answer_cpp[k]);
    if (h.opcode == std::uint64_t(link::Opcode::error)) ++refused;
    if (h.opcode == std::uint64_t(link::Opcode::state_value)) {
      for (std::size_t i = 1; i <= h.length; ++i) {
        const auto w = link::unpack_memory_write(answer_cpp[k + i]);
        const auto& n = cpp.memory->tiles[w.tile].neurons[w.address / fx::kStateWords];
        CHECK(w.data == fx::state_word(n, static_cast<fx::StateField>(w.address % fx::kStateWords)));
        if (w.address % fx::kStateWords == 0) ++neurons;
      }
    }
    k += link::packet_words(answer_cpp[k]);
  }
  CHECK(neurons == 32);
  CHECK(refused == 4);
}

namespace {

// The write_memory payload words that load `image` (configuration, memories, state), for picking
// subsets of: each word names its own tile, memory and address. Tables are ROMs in the RTL and
// the same in every image, so they are left out.
std::vector<std::uint64_t> image_words(const fixed::ArrayImage& image) {
  link::PacketWriter scratch;
  scratch.load(image);
  std::vector<std::uint64_t> out;
  const auto& words = scratch.words();
  for (std::size_t at = 0; at < words.size();) {
    const auto h = link::unpack_header(words[at]);
    if (h.opcode == std::uint64_t(link::Opcode::write_memory))
      for (std::size_t k = 1; k <= h.length; ++k)
        if (link::unpack_memory_write(words[at + k]).memory != std::uint64_t(link::Memory::tables)) out.push_back(words[at + k]);
    at += link::packet_words(words[at]);
  }
  return out;
}


}  // namespace

TEST_CASE("random packet streams: back-to-back reconfiguration, saturating states, events, reads and malformed packets") {
  // Chips of the RTL model's shape (4 tiles of 16 x 16) with different parameter sets, biases
  // and synapses: the stream switches among them without a reset.
  std::vector<fixed::ArrayImage> images;
  for (const auto& [set, bias, seed] : {std::tuple{"lif", 0.0, 1}, std::tuple{"oscillator", 0.9, 2}, std::tuple{"lif", 0.4, 3}}) {
    auto spec = chain_spec(4, 16, true, static_cast<std::uint64_t>(seed), 4);
    spec.neuron = reference::named_set(set);
    spec.neuron.device.d2d = 0.2;
    spec.v_bias = bias;
    images.push_back(fixed::build_array_image(spec, static_cast<std::uint64_t>(seed)));
  }
  std::vector<std::vector<std::uint64_t>> configurations;
  for (const auto& image : images) configurations.push_back(image_words(image));

  std::mt19937_64 rng(2026);
  CppCore cpp;
  RtlCore rtl;
  link::PacketWriter writer;
  writer.load(images[0]);
  writer.sync(0);
  REQUIRE(rtl.exchange(writer.words()) == cpp.exchange(writer.words()));
  std::uint32_t step = 0, token = 1;
  std::size_t words = 0, state_writes = 0, errors = 0, spikes = 0, state_words = 0;
  for (int round = 0; round < 1500; ++round) {
    writer.words().clear();
    switch (rng() % 8) {
      case 0: {  // a whole other configuration, or part of one, written between runs
        const auto& config = configurations[rng() % configurations.size()];
        std::vector<std::uint64_t> part;
        const bool whole = rng() % 4 == 0;
        for (auto w : config)
          if (whole || rng() % 8 == 0) part.push_back(w);
        writer.packet(link::Opcode::write_memory, 0, part);
        break;
      }
      case 1: {  // states at the format edges
        std::vector<std::uint64_t> part;
        for (int k = 0; k < 6; ++k) {
          const auto& config = *images[rng() % images.size()].config;
          const auto n = testing::corner_state(rng, config.tables, config.shared);
          const int tile = static_cast<int>(rng() % 4), column = static_cast<int>(rng() % 16);
          for (int field = 0; field < fx::kStateWords; ++field)
            part.push_back(link::pack(link::MemoryWrite{.tile = std::uint64_t(tile), .memory = std::uint64_t(link::Memory::neuron_state),
                                                        .address = std::uint64_t(column * fx::kStateWords + field),
                                                        .data = fx::state_word(n, static_cast<fx::StateField>(field))}));
          ++state_writes;
        }
        writer.packet(link::Opcode::write_memory, 0, part);
        break;
      }
      case 2:  // events, a few in the past or outside the chip
        for (int k = 0; k < 20; ++k)
          writer.spike_in(step + static_cast<std::uint32_t>(rng() % 40) - (rng() % 10 == 0 ? 3u : 0u),
                          static_cast<int>(rng() % 5), static_cast<int>(rng() % 17));
        break;
      case 3:
      case 4: {  // runs, and a write or read while running
        writer.run(static_cast<std::uint32_t>(1 + rng() % 30));
        if (rng() % 3 == 0) writer.packet(link::Opcode::write_memory, 0, {configurations[0][rng() % configurations[0].size()]});
        if (rng() % 3 == 0) writer.read_state(0, 0, 4);
        break;
      }
      case 5:  // state reads, some out of range
        writer.read_state(static_cast<int>(rng() % 5), static_cast<int>(rng() % 16), static_cast<int>(rng() % 33));
        break;
      case 6:  // register reads (not the capacity registers, which differ by design)
        writer.packet(link::Opcode::read_register, regs::step_low + 4 * static_cast<std::uint32_t>(rng() % 8));
        break;
      default:  // malformed: unknown opcode, bad lengths, a coefficient shift the engine cannot take
        writer.packet(link::Opcode::write_memory, 0,
                      {link::pack(link::MemoryWrite{.tile = 0, .memory = std::uint64_t(link::Memory::device_coefs),
                                                    .address = 0, .data = fx::pack_coef({1 << 16, fx::kCoefShiftMin - 1})})});
        writer.packet(static_cast<link::Opcode>(0x55), 0);
        writer.packet(link::Opcode::run, 3, {0, 0});
        writer.packet(link::Opcode::write_register, 0, {1, 2});
        break;
    }
    writer.sync(token++);
    // Then every neuron's state, once the round's runs are done.
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) {
        writer.words().clear();
        for (int t = 0; t < 4; ++t) writer.read_state(t, 0, 16);
        writer.sync(token++);
      }
      const auto expected = cpp.exchange(writer.words());
      const auto got = rtl.exchange(writer.words());
      REQUIRE_MESSAGE(got.size() == expected.size(), "round " << round);
      for (std::size_t k = 0; k < expected.size(); ++k)
        REQUIRE_MESSAGE(got[k] == expected[k], "round " << round << ", pass " << pass << ", word " << k);
      for (std::size_t at = 0; at < expected.size();) {
        const auto h = link::unpack_header(expected[at]);
        errors += h.opcode == std::uint64_t(link::Opcode::error);
        if (h.opcode == std::uint64_t(link::Opcode::spike_out)) spikes += h.length;
        if (h.opcode == std::uint64_t(link::Opcode::state_value)) state_words += h.length;
        at += link::packet_words(expected[at]);
      }
      words += expected.size();
    }
    step = static_cast<std::uint32_t>(cpp.core.current_step());
  }
  MESSAGE(words << " output words equal over " << step << " steps (" << state_words << " state words); " << state_writes
                << " corner states, " << spikes << " spikes, " << errors << " refusals");
  CHECK(step > 1000);
  CHECK(spikes > 50);
  CHECK(errors > 50);
  CHECK(cpp.core.counter(link::Counter::saturations) > 0);
}

TEST_CASE("a run held for the rest of a packet cut short leaves the core waiting for input, not busy") {
  auto writer = configured_chip();
  writer.sync(1);
  RtlCore rtl;
  rtl.exchange(writer.words());
  writer.words().clear();
  writer.run(1000);
  // Then a write_memory packet cut short on the link: its header and one of its three words.
  const auto cut = testing::sealed({link::pack(header(link::Opcode::write_memory, 3, writer.next_sequence())), 0, 0, 0});
  auto in = writer.words();
  in.insert(in.end(), cut.begin(), cut.begin() + 2);
  auto& m = *rtl.m;
  std::size_t next = 0;
  bool waiting = false;
  for (long cycle = 0; cycle < 200'000 && !waiting; ++cycle) {
    m.in_valid_i = next < in.size();
    m.in_data_i = next < in.size() ? in[next] : 0;
    m.eval();
    if (m.in_valid_i && m.in_ready_o) ++next;
    clock_tick(m, nullptr);
    waiting = next == in.size() && !m.busy_o;
  }
  CHECK(waiting);     // a link's exchange ends instead of waiting for words that never come
  CHECK(m.running_o);  // the run is still asked for: it goes on once the packet is whole or dropped
}
