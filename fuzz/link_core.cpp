// The C++ link core (hls/ionarray/link_core.hpp), the array behind fixed:// and the golden model
// of the RTL's, fed any word stream and stepped whenever it asks to run. The first byte chooses
// whether the words go in as they are (the packet guard sees garbage: CRC mismatches, hunting
// for a resync) or cut into packets by their headers, numbered in sequence and sealed with their
// CRC (the decoder behind the guard sees them all). Whatever arrives, it must not crash and must
// keep the promises of its output stream: whole packets with their CRC, sequence numbers without
// a gap, device-to-host opcodes with the lengths the spec allows, spikes of neurons that exist,
// one error packet for every refusal it counts, and every sealed packet whose header it cannot
// accept answered at once.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "ionarray/link_core.hpp"
#include "link/packet_reader.hpp"

using namespace ionarray;

namespace {

constexpr int kTiles = 4;
// Steps per input at most: a run of 2^32 steps is a valid request, not something to wait for.
constexpr int kStepBudget = 64;

struct Sink {
  std::vector<std::uint64_t> words;
  void push(std::uint64_t w) { words.push_back(w); }
};

// Checks the core's output so far and keeps count of what it said.
class OutputChecker {
 public:
  // Reads the words the core has just emitted; returns how many error packets were among them.
  int take(Sink& sink, std::uint64_t step, int tiles, int columns) {
    for (auto w : sink.words) reader_.feed(w);
    sink.words.clear();
    FUZZ_CHECK(!reader_.mid_packet(), "the core stopped in the middle of a packet");
    FUZZ_CHECK(reader_.faults().total() == 0, "an output packet failed its CRC or its sequence");
    int errors = 0;
    for (const auto& p : reader_.take()) {
      FUZZ_CHECK(p.header.seq == (next_seq_ & 0xFFFF), "output packet seq %u, expected %u", unsigned(p.header.seq),
                 unsigned(next_seq_ & 0xFFFF));
      ++next_seq_;
      FUZZ_CHECK(link::is_opcode(p.header.opcode), "output opcode 0x%x is not in the spec", unsigned(p.header.opcode));
      FUZZ_CHECK(!link::to_device(p.opcode()), "output opcode 0x%x is a host-to-device one", unsigned(p.header.opcode));
      FUZZ_CHECK(link::length_ok(p.opcode(), unsigned(p.header.length)), "opcode 0x%x with %u payload words",
                 unsigned(p.header.opcode), unsigned(p.header.length));
      if (p.opcode() == link::Opcode::error) ++errors;
      if (p.opcode() == link::Opcode::spike_out)
        for (auto w : p.payload) {
          const auto s = link::unpack_spike_out(w);
          FUZZ_CHECK(s.step == (step & 0xFFFFFFFF) && int(s.tile) < tiles && int(s.neuron) < columns,
                     "spike of tile %u neuron %u at step %u (step %llu, %d tiles of %d columns)", unsigned(s.tile),
                     unsigned(s.neuron), unsigned(s.step), static_cast<unsigned long long>(step), tiles, columns);
        }
      if (p.opcode() == link::Opcode::status)
        for (std::size_t c = 0; c < p.payload.size(); ++c)
          FUZZ_CHECK(link::unpack_counter_value(p.payload[c]).id == c, "status word %zu carries another counter", c);
    }
    error_packets_ += errors;
    return errors;
  }
  std::uint64_t error_packets() const { return error_packets_; }

 private:
  link::PacketReader reader_;
  std::uint64_t next_seq_ = 0, error_packets_ = 0;
};

// A header the core must refuse as it arrives, whatever its state: an unknown or host-bound
// opcode, or a length its opcode does not take.
bool refused_by_header_alone(std::uint64_t word) {
  const auto h = link::unpack_header(word);
  if (!link::is_opcode(h.opcode)) return true;
  const auto op = static_cast<link::Opcode>(h.opcode);
  return !link::to_device(op) || !link::length_ok(op, unsigned(h.length));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t step_every = data[0] % 8 + 1;  // input units (words, or packets) between chances to step
  const bool seal = data[0] & 8;
  const auto words = fuzz::words_of(data + 1, size - 1);
  auto memory = std::make_unique<fx::ArrayMemory<kTiles>>();
  fx::LinkCore<kTiles> core(*memory);
  Sink sink;
  OutputChecker checker;
  const auto shape = [&] { return std::pair{memory->tiles_active, memory->config.columns}; };
  int steps = 0;
  std::uint64_t seq = 0;
  std::vector<std::uint64_t> unit;
  for (std::size_t k = 0, units = 0; k < words.size(); ++units) {
    unit.assign(1, words[k++]);
    if (seal) {  // a whole packet: the header renumbered, its payload, its trailer
      auto h = link::unpack_header(unit[0]);
      const bool resync = h.opcode == std::uint64_t(link::Opcode::resync) && h.length == 0;  // (not numbered)
      h.seq = (resync ? seq : seq++) & 0xFFFF;
      unit[0] = link::pack(h);
      for (std::size_t n = 0; n < h.length && k < words.size(); ++n) unit.push_back(words[k++]);
      unit.push_back(link::trailer_of(unit.data(), int(unit.size())));
    }
    for (auto w : unit) core.accept(w, sink);
    const auto [tiles, columns] = shape();
    const int errors = checker.take(sink, core.current_step(), tiles, columns);
    if (seal && unit.size() == link::packet_words(unit[0]) && refused_by_header_alone(unit[0]))
      FUZZ_CHECK(errors >= 1, "header 0x%016llx was neither accepted nor refused", static_cast<unsigned long long>(unit[0]));
    if ((units + 1) % step_every == 0)
      for (; core.wants_step() && steps < kStepBudget; ++steps) {
        const auto step = core.current_step();
        FUZZ_CHECK(core.max_step_words() >= 0, "max_step_words() < 0");
        const std::size_t room = std::size_t(core.max_step_words());
        core.step(sink);
        FUZZ_CHECK(sink.words.size() <= room, "a step emitted %zu words, max_step_words() promised %zu",
                   sink.words.size(), room);
        const auto [t, c] = shape();
        checker.take(sink, step, t, c);
      }
  }
  FUZZ_CHECK(core.counter(link::Counter::errors) == checker.error_packets(),
             "errors counter %llu, error packets sent %llu",
             static_cast<unsigned long long>(core.counter(link::Counter::errors)),
             static_cast<unsigned long long>(checker.error_packets()));
  return 0;
}
