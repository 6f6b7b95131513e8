#include "lockstep/lockstep.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "ionarray/link_core.hpp"
#include "link/config_packets.hpp"

namespace ionarray {
namespace {

constexpr const char* kStateFieldNames[] = {"f", "r", "s", "vm", "kg", "armed", "noise_low", "noise_high"};

// Both devices' answers to one batch of words.
struct Answers {
  std::vector<std::uint64_t> golden, tested;
};

Answers exchange(Transport& golden, Transport& tested, const std::vector<std::uint64_t>& words,
                 const std::vector<std::uint64_t>& tested_words) {
  golden.send(words);
  tested.send(tested_words);
  return {golden.receive(), tested.receive()};
}

// Where word `k` of an answer stream sits, and what it means; `state` for a neuron's state word.
struct Location {
  std::string where;
  bool state = false;  // a neuron's state word or a synapse word: compared by its data
};
Location locate(const std::vector<std::uint64_t>& words, std::size_t k) {
  std::size_t at = 0;
  while (at < words.size()) {
    const auto h = link::unpack_header(words[at]);
    const std::size_t end = at + link::packet_words(words[at]);
    if (k < end) {
      const auto op = static_cast<link::Opcode>(h.opcode);
      if (k == at) return {fmt::format("word {} (a packet header)", k)};
      if (k + 1 == end) return {fmt::format("word {} (a packet trailer: its CRC)", k)};
      if (op == link::Opcode::state_value) {
        const auto w = link::unpack_memory_write(words[k]);
        const auto field = w.address % fx::kStateWords;
        return {fmt::format("tile {}, neuron {}, field {}", w.tile, w.address / fx::kStateWords,
                            field < std::size(kStateFieldNames) ? kStateFieldNames[field] : "?"),
                true};
      }
      if (op == link::Opcode::crossbar_value) {
        const auto w = link::unpack_memory_write(words[k]);
        return {fmt::format("tile {}, synapse (row {}, column {})", w.tile, fx::crossbar_row(static_cast<int>(w.address)),
                            fx::crossbar_column(static_cast<int>(w.address))),
                true};
      }
      if (op == link::Opcode::spike_out) return {fmt::format("spike word {} of the step", k - at - 1)};
      if (op == link::Opcode::status) return {fmt::format("status counter {}", k - at - 1)};
      return {fmt::format("word {} (payload of opcode {:#04x})", k, h.opcode)};
    }
    at = end;
  }
  return {fmt::format("word {} (past the golden stream's end)", k)};
}

// The state value inside a state word, else the whole word.
std::uint64_t value_of(const std::vector<std::uint64_t>& words, std::size_t k, const Location& at) {
  if (k >= words.size()) return 0;
  return at.state ? link::unpack_memory_write(words[k]).data : words[k];
}

}  // namespace

std::string LockstepMismatch::describe() const {
  return fmt::format("step {}: {}: golden {:#x}, tested {:#x}", step, where, golden, tested);
}

LockstepResult run_lockstep(const Layout& layout, std::span<const InputEvent> inputs, std::uint64_t steps,
                            Transport& golden, Transport& tested, const ImagePerturbation& perturb_tested) {
  const auto& spec = layout.spec;
  auto image = fixed::build_array_image(spec, layout.seed);
  link::PacketWriter golden_writer, tested_writer;
  golden_writer.load(image);
  if (perturb_tested) perturb_tested(image);
  tested_writer.load(image);
  LockstepResult result;
  std::uint32_t token = 0;
  std::map<std::uint64_t, std::optional<std::uint64_t>> synapse_words;  // the golden plastic words last read, by tile and address
  const auto compare = [&](std::uint64_t step, const Answers& a) {
    const std::size_t n = std::max(a.golden.size(), a.tested.size());
    for (std::size_t k = 0; k < n; ++k) {
      const bool equal = k < a.golden.size() && k < a.tested.size() && a.golden[k] == a.tested[k];
      if (equal) continue;
      const auto at = locate(a.golden, k);
      result.mismatch = LockstepMismatch{step, at.where, value_of(a.golden, k, at), value_of(a.tested, k, at)};
      return false;
    }
    result.words_compared += n;
    return true;
  };
  const auto send_both = [&](std::uint64_t step) {
    golden_writer.sync(++token);
    tested_writer.sync(token);
    const auto answers = exchange(golden, tested, golden_writer.words(), tested_writer.words());
    golden_writer.words().clear();
    tested_writer.words().clear();
    return compare(step, answers) ? std::optional<Answers>(answers) : std::nullopt;
  };
  if (!send_both(0)) return result;

  std::size_t next = 0;
  for (std::uint64_t step = 0; step < steps; ++step) {
    std::vector<std::uint64_t> events;
    for (; next < inputs.size() && inputs[next].step == step; ++next)
      events.push_back(link::pack(link::SpikeIn{.step = step, .tile = std::uint64_t(inputs[next].tile),
                                                .row = std::uint64_t(inputs[next].row)}));
    for (auto* writer : {&golden_writer, &tested_writer}) {
      if (!events.empty()) writer->packet(link::Opcode::spike_in, 0, events);
      writer->run(1);
    }
    const auto stepped = send_both(step);  // the spikes, and the acknowledgement once the step is done
    if (!stepped) return result;
    // The state is read once the step is done (a read while running is refused), and the
    // synapse words of the plastic rows, which the step may have programmed.
    for (auto* writer : {&golden_writer, &tested_writer})
      for (int t = 0; t < spec.tiles; ++t) {
        for (int column = 0; column < spec.columns; column += fx::kStateReadMax)
          writer->read_state(t, column, std::min(fx::kStateReadMax, spec.columns - column));
        if (!image.plastic[static_cast<std::size_t>(t)]) continue;
        const auto& plastic = image.plastic[static_cast<std::size_t>(t)]->config;
        for (int row = plastic.first_row; row <= plastic.last_row; ++row)
          for (int column = 0; column < spec.columns; column += fx::kCrossbarReadMax)
            writer->read_crossbar(t, row, column, std::min(fx::kCrossbarReadMax, spec.columns - column));
      }
    const auto states = send_both(step);
    if (!states) return result;
    for (const auto* words : {&stepped->golden, &states->golden})
      for (std::size_t at = 0; at < words->size();) {
        const auto h = link::unpack_header((*words)[at]);
        if (h.opcode == std::uint64_t(link::Opcode::spike_out)) result.spikes += h.length;
        if (h.opcode == std::uint64_t(link::Opcode::state_value)) result.state_words += h.length;
        if (h.opcode == std::uint64_t(link::Opcode::crossbar_value))
          for (std::size_t k = at + 1; k <= at + h.length; ++k) {
            const auto w = link::unpack_memory_write((*words)[k]);
            auto& seen = synapse_words[(w.tile << 16) | w.address];
            if (seen && *seen != w.data) ++result.synapses_changed;
            seen = w.data;
            ++result.synapse_words;
          }
        at += link::packet_words((*words)[at]);
      }
    result.steps = step + 1;
  }
  return result;
}

}  // namespace ionarray
