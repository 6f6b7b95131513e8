#pragma once
// The chip on the fixed-point engines: one TileLanes per tile, stepped by the AVX-512 kernel
// where the CPU has it and by the scalar golden model elsewhere (identical words either way), on
// one thread or a pool of them (identical words for every count); routing on the host side
// exactly as the reference array routes (the fixed-point software backend, and fixed://).
//
// An array may hold a contiguous range of the chip's tiles only (one MPI rank's share): it steps
// those, and route() takes the spikes of the whole chip, triggering the rows of its own tiles.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "fixed/array_image.hpp"
#include "fixed/tile_lanes.hpp"
#include "fixed/tile_pool.hpp"

namespace ionarray::fixed {

struct TileRange {
  int first = 0, last = 0;  // tiles [first, last) of the chip
  bool contains(int tile) const { return tile >= first && tile < last; }
};

class FixedArray {
 public:
  // threads: tiles stepped on this many threads (1: on the caller's only). tiles: the range held
  // (default: every tile of the chip).
  FixedArray(const reference::ArraySpec& spec, std::uint64_t seed, Kernel kernel = Kernel::automatic, int threads = 1,
             std::optional<TileRange> tiles = std::nullopt);
  // A chip's image as it stands (e.g. a part of a chip, slice_image()).
  FixedArray(ArrayImage image, Kernel kernel, int threads = 1, std::optional<TileRange> tiles = std::nullopt);
  // Drives `row` of `tile` (a tile outside the range held is ignored: another part holds it).
  void trigger(int tile, int row);
  // One global step of the tiles held, then their spikes routed: the spiking neurons (global
  // indices, in tile then column order).
  const std::vector<int>& step();
  // The two halves of step() for a part of the chip: step the tiles held (their spikes, as
  // above), then route the spikes of every part, in global order.
  const std::vector<int>& step_tiles();
  void route(std::span<const int> spikes);

  double vm(int global) const;
  fx::NeuronState state(int global) const;  // a neuron of a tile held
  // The crossbar of a tile held as its words stand (S, row-major).
  std::vector<double> conductances(int tile) const;
  const fx::SaturationCounters& saturation() const { return saturation_; }
  // The kernel it steps with: the one asked for, except that a chip with tiles the AVX-512
  // kernel cannot step (plastic synapses, rows at voltages of their own) steps on the scalar one.
  Kernel kernel() const { return kernel_; }
  int threads() const { return pool_ ? pool_->threads() : 1; }
  TileRange tiles() const { return range_; }

 private:
  void step_tile(std::size_t t, int worker);
  const TileLanes& held(int tile) const;

  ArrayImage image_;
  Kernel kernel_;
  TileRange range_;
  std::unique_ptr<const PairTables> pair_tables_;
  std::vector<TileLanes> tiles_;  // tiles_[t - range_.first]
  std::unique_ptr<TilePool> pool_;
  std::vector<fx::SaturationCounters> worker_saturation_;
  std::vector<std::vector<std::uint16_t>> columns_;  // per tile held: the columns that spiked this step
  fx::SaturationCounters saturation_;
  std::vector<int> spiked_;
};

}  // namespace ionarray::fixed
