#pragma once
// Everything the fixed-point array holds for a chip description: the configuration and initial
// state words. The software backend loads it directly; the link encoder sends the same words
// as write_memory packets, so both paths start from identical memories.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "fixed/engine_config.hpp"
#include "fixed/plastic_tile.hpp"
#include "ionarray/memory_map.hpp"
#include "reference/array_spec.hpp"

namespace ionarray::fixed {

struct ArrayImage {
  std::shared_ptr<const EngineConfig> config;  // tile 0's configuration; its tables serve every tile
  std::vector<fx::SharedCoefs> shared;         // per tile: its parameter set's shared coefficients
  fx::TileConfig tile;
  int tiles = 0;
  std::vector<std::vector<std::uint16_t>> g;                    // per tile: rows * columns words
  std::vector<double> siemens_per_word;                         // per tile: the conductance of one word's LSB
  std::vector<fx::DeviceCoefs> coefs;                           // per global neuron
  std::vector<fx::NeuronState> states;                          // per global neuron
  std::vector<std::array<std::uint32_t, fx::kRouteSlots>> routes;  // per global neuron
  std::vector<std::optional<PlasticTile>> plastic;  // per tile: its drift-memristor synapses, if plastic
};

// RangeError when the chip does not fit the engine (tile size, route slots, formats).
ArrayImage build_array_image(const reference::ArraySpec& spec, std::uint64_t seed);

// Tiles `tiles` of a chip's image as tiles 0 .. k-1 of a chip of their own (one device's part of
// a chip spread over several): every word as in the whole chip (noise streams, device draws, the
// chip's synapse scale), routes among these tiles renumbered, routes to other tiles dropped (the
// host carries those).
ArrayImage slice_image(const ArrayImage& whole, std::span<const int> tiles);

}  // namespace ionarray::fixed
