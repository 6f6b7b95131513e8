#pragma once
// Snapshots of crossbar conductances during a run (weights.csv: step, tile, row, column, g in S)
// and pictures of the first and the last snapshot of each tile, drawn by gnuplot.
#include <cstdint>
#include <string>
#include <vector>

#include "device/device.hpp"
#include "io/output_dir.hpp"
#include "layout/layout.hpp"

namespace ionarray::cli {

// How a column's synapses are drawn: as one column of the crossbar (shape 0 x 0), or as a
// height x width picture of its rows in row-major order (a receptive field over an input image).
struct WeightPicture {
  int height = 0, width = 0;
};

class WeightSnapshots {
 public:
  // The tiles snapshot: the plastic ones, or every tile of a layout without [plasticity].
  WeightSnapshots(const Layout& layout, const OutputDir& dir);
  void take(Device& device);
  // weights-tile<T>.png per tile (before | after); returns the file names written.
  std::vector<std::string> draw(const WeightPicture& picture) const;
  const std::vector<int>& tiles() const { return tiles_; }
  std::size_t snapshots() const { return snapshots_; }

 private:
  const Layout& layout_;
  const OutputDir& dir_;
  std::vector<int> tiles_;
  CsvWriter csv_;
  std::vector<std::vector<double>> first_, last_;  // per snapshot tile
  std::uint64_t first_step_ = 0, last_step_ = 0;
  std::size_t snapshots_ = 0;
};

}  // namespace ionarray::cli
