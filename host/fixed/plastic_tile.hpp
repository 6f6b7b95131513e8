#pragma once
// A plastic tile of the fixed-point backend: the state x of each drift-memristor synapse, its
// change per voltage class (computed at load from the synapse's own VTEAM parameters, as the
// reference model draws them), the columns' pulse phases and the tile's cycle-to-cycle stream.
// Stepped by the functions of hls/ionarray/plastic_synapse.hpp, as the RTL steps it.
#include <cstdint>
#include <span>
#include <vector>

#include "ionarray/plastic_synapse.hpp"
#include "reference/array_spec.hpp"

namespace ionarray::fixed {

struct PlasticTile {
  fx::PlasticConfig config;
  int columns = 0;
  std::vector<std::int32_t> x;              // rows * columns, row-major (the plastic rows' entries used)
  std::vector<std::int32_t> change;         // (row * columns + column) * slots + slot: x LSB per step
  std::vector<std::int16_t> column_phase;   // per column: its pulse's phase in the coming step, or fx::kIdleColumn
  std::uint64_t noise = 0;                  // the tile's cycle-to-cycle xorshift64 state
  std::uint64_t changed = 0;                // synapse words rewritten so far

  // One step's programming, after the neurons stepped and before the row timers count down:
  // every plastic synapse whose voltage class moves it changes x, and its crossbar word g[i *
  // stride + j] is rewritten; then the column pulses advance, and those of `spiked` start.
  void program(std::span<const std::int16_t> row_timer, std::span<std::uint16_t> g, int stride,
               const fx::EngineTables& tables, std::span<const std::uint16_t> spiked);
};

// Tile `tile` of `spec` (plastic), with crossbar words `words` (row-major) as the chip's image
// quantized them (word = G dt / C 2^g_shift): the plastic synapses start from the state nearest
// their conductance, and their words are rewritten from that state. RangeError where a change or
// coefficient leaves its format.
PlasticTile build_plastic_tile(const reference::ArraySpec& spec, int tile, std::uint64_t seed, int g_shift,
                               const fx::EngineTables& tables, std::span<std::uint16_t> words);

}  // namespace ionarray::fixed
