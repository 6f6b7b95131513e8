#pragma once
// The chip on the fixed-point engines: one TileMemory per tile, routing on the host side exactly
// as the reference array routes (the fixed-point software backend).
#include <cstdint>
#include <memory>
#include <vector>

#include "fixed/array_image.hpp"
#include "ionarray/tile_engine.hpp"

namespace ionarray::fixed {

class FixedArray {
 public:
  FixedArray(const reference::ArraySpec& spec, std::uint64_t seed);
  void trigger(int tile, int row);
  const std::vector<int>& step();
  double vm(int global) const;
  const fx::SaturationCounters& saturation() const { return saturation_; }

 private:
  ArrayImage image_;
  std::vector<std::unique_ptr<fx::TileMemory>> tiles_;
  fx::SaturationCounters saturation_;
  std::vector<int> spiked_;
};

}  // namespace ionarray::fixed
