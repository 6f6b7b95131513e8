#pragma once
// The chip on the fixed-point engines: one TileLanes per tile, stepped by the AVX-512 kernel
// where the CPU has it and by the scalar golden model elsewhere (identical words either way);
// routing on the host side exactly as the reference array routes (the fixed-point software
// backend).
#include <cstdint>
#include <memory>
#include <vector>

#include "fixed/array_image.hpp"
#include "fixed/tile_lanes.hpp"

namespace ionarray::fixed {

class FixedArray {
 public:
  FixedArray(const reference::ArraySpec& spec, std::uint64_t seed, Kernel kernel = Kernel::automatic);
  void trigger(int tile, int row);
  const std::vector<int>& step();
  double vm(int global) const;
  fx::NeuronState state(int global) const;
  const fx::SaturationCounters& saturation() const { return saturation_; }
  Kernel kernel() const { return kernel_; }

 private:
  ArrayImage image_;
  Kernel kernel_;
  std::unique_ptr<const PairTables> pair_tables_;
  std::vector<TileLanes> tiles_;
  fx::SaturationCounters saturation_;
  std::vector<int> spiked_;
  std::vector<std::uint16_t> columns_;
};

}  // namespace ionarray::fixed
