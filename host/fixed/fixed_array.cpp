#include "fixed/fixed_array.hpp"

#include <algorithm>

namespace ionarray::fixed {

FixedArray::FixedArray(const reference::ArraySpec& spec, std::uint64_t seed)
    : image_(build_array_image(spec, seed)) {
  for (int t = 0; t < image_.tiles; ++t) {
    auto m = std::make_unique<fx::TileMemory>();
    std::fill(&m->row_timer[0], &m->row_timer[0] + fx::kMaxRows, std::int16_t{0});
    const auto& g = image_.g[static_cast<std::size_t>(t)];
    for (int i = 0; i < image_.tile.rows; ++i)
      for (int j = 0; j < image_.tile.columns; ++j) m->g[i][j] = g[static_cast<std::size_t>(i * image_.tile.columns + j)];
    for (int j = 0; j < image_.tile.columns; ++j) {
      const auto global = static_cast<std::size_t>(t * image_.tile.columns + j);
      m->coefs[j] = image_.coefs[global];
      m->neurons[j] = image_.states[global];
    }
    tiles_.push_back(std::move(m));
  }
}

void FixedArray::trigger(int tile, int row) { fx::trigger_row(*tiles_[static_cast<std::size_t>(tile)], image_.tile, row); }

const std::vector<int>& FixedArray::step() {
  spiked_.clear();
  std::uint16_t columns[fx::kMaxColumns];
  const auto& config = *image_.config;
  for (int t = 0; t < image_.tiles; ++t) {
    const int n = fx::step_tile(*tiles_[static_cast<std::size_t>(t)], image_.tile, config.shared, config.tables,
                                columns, saturation_);
    for (int k = 0; k < n; ++k) spiked_.push_back(t * image_.tile.columns + columns[k]);
  }
  for (int n : spiked_)
    for (std::uint32_t target : image_.routes[static_cast<std::size_t>(n)])
      if (target != fx::kNoRoute) trigger(static_cast<int>(target >> 16), static_cast<int>(target & 0xFFFF));
  return spiked_;
}

double FixedArray::vm(int global) const {
  const auto& tile = *tiles_[static_cast<std::size_t>(global / image_.tile.columns)];
  return from_volts_word(tile.neurons[global % image_.tile.columns].vm);
}

}  // namespace ionarray::fixed
