// The array core RTL against the C++ link core: the same input word stream (configuration,
// events, run, syncs, malformed packets) must give the same output word stream, word for word.
#include <doctest/doctest.h>

#include <memory>

#include "Vionarray_array_core.h"
#include "experiments/array_run.hpp"
#include "fixed/array_image.hpp"
#include "device/verilated_link.hpp"
#include "ionarray/link_core.hpp"
#include "link/config_packets.hpp"
#include "verilated.h"

using namespace ionarray;

namespace {

struct CppCore {
  std::unique_ptr<fx::ArrayMemory<4>> memory = std::make_unique<fx::ArrayMemory<4>>();
  fx::LinkCore<4> core{*memory};
  struct Sink {
    std::vector<std::uint64_t> words;
    void push(std::uint64_t w) { words.push_back(w); }
  } sink;
  std::vector<std::uint64_t> exchange(const std::vector<std::uint64_t>& in) {
    sink.words.clear();
    for (auto w : in) core.accept(w, sink);
    while (core.wants_step()) core.step(sink);
    return sink.words;
  }
};

struct RtlCore {
  std::unique_ptr<VerilatedContext> context = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vionarray_array_core> m = std::make_unique<Vionarray_array_core>(context.get());
  RtlCore() { reset_link_core(*m); }
  std::vector<std::uint64_t> exchange(const std::vector<std::uint64_t>& in) { return clock_exchange(*m, in); }
};

link::Header header(link::Opcode op, std::uint64_t length, std::uint64_t seq, std::uint64_t argument = 0) {
  return {.opcode = std::uint64_t(op), .length = length, .seq = seq, .argument = argument};
}

}  // namespace

TEST_CASE("array core RTL and C++ link core answer the same words with the same words") {
  const auto spec = chain_spec(2, 16, true, 4, 2);
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 4));
  writer.sync(1);
  CppCore cpp;
  RtlCore rtl;
  const auto setup_cpp = cpp.exchange(writer.words());
  const auto setup_rtl = rtl.exchange(writer.words());
  CHECK(setup_rtl == setup_cpp);
  REQUIRE(setup_cpp.size() == 8);  // status (7 words) and ack

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
  const std::vector<std::uint64_t> bad = {
      link::pack(link::Header{.opcode = 0x55, .length = 0, .seq = seq}),
      link::pack(header(link::Opcode::run, 2, seq + 1, 5)), 0, 0,
      link::pack(header(link::Opcode::spike_in, 2, seq + 2)), link::pack(link::SpikeIn{.step = 400, .tile = 3, .row = 0}),
      link::pack(link::SpikeIn{.step = 5, .tile = 0, .row = 1}),
      link::pack(header(link::Opcode::write_register, 1, seq + 3, 0)), 7,
      link::pack(header(link::Opcode::sync, 0, seq + 9, 3))};
  const auto bad_cpp = cpp.exchange(bad);
  const auto bad_rtl = rtl.exchange(bad);
  CHECK(bad_cpp.size() > 10);
  CHECK(bad_rtl == bad_cpp);
}

TEST_CASE("array core RTL and C++ link core answer register reads alike (counters after a run, unmapped addresses refused)") {
  const auto spec = chain_spec(2, 16, true, 4, 2);
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 4));
  for (std::uint32_t k = 0; k < 50; ++k) writer.spike_in(k, 0, static_cast<int>(k % 16));
  writer.run(120);
  writer.sync(1);
  CppCore cpp;
  RtlCore rtl;
  REQUIRE(rtl.exchange(writer.words()) == cpp.exchange(writer.words()));
  std::vector<std::uint64_t> reads;
  std::uint64_t seq = writer.next_sequence();
  // Every word offset of the map and a few beyond; max_rows and max_columns are each device's
  // capacity (256 in C++, the model's parameters in RTL), so they are left out.
  for (std::uint32_t address = 0; address <= 0x60; address += 4)
    if (address != regs::max_rows && address != regs::max_columns && address != regs::max_tiles)
      reads.push_back(link::pack(header(link::Opcode::read_register, 0, seq++, address)));
  const auto answers_cpp = cpp.exchange(reads);
  CHECK(answers_cpp.size() == 2 * reads.size());  // a value or an error, two words each
  CHECK(rtl.exchange(reads) == answers_cpp);
  CHECK(cpp.core.counter(link::Counter::spikes_in) == 50);
}

TEST_CASE("read_state answers every neuron's state words, the same from the RTL and the C++ core, and refuses bad requests") {
  const auto spec = chain_spec(2, 16, true, 4, 2);
  link::PacketWriter writer;
  writer.load(fixed::build_array_image(spec, 4));
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
    k += 1 + h.length;
  }
  CHECK(neurons == 32);
  CHECK(refused == 4);
}
