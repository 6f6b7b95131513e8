#include "fixed/fixed_array.hpp"

namespace ionarray::fixed {

FixedArray::FixedArray(const reference::ArraySpec& spec, std::uint64_t seed, Kernel kernel)
    : image_(build_array_image(spec, seed)), kernel_(resolve_kernel(kernel)) {
  if (kernel_ == Kernel::avx512) pair_tables_ = std::make_unique<const PairTables>(image_.config->tables);
  const auto columns = static_cast<std::size_t>(image_.tile.columns);
  const auto words = static_cast<std::size_t>(image_.tile.rows) * columns;
  for (std::size_t t = 0; t < static_cast<std::size_t>(image_.tiles); ++t)
    tiles_.emplace_back(image_.tile, std::span(image_.g[t]).first(words), std::span(image_.coefs).subspan(t * columns, columns),
                        std::span(image_.states).subspan(t * columns, columns));
}

void FixedArray::trigger(int tile, int row) { tiles_[static_cast<std::size_t>(tile)].trigger(row); }

const std::vector<int>& FixedArray::step() {
  spiked_.clear();
  for (std::size_t t = 0; t < tiles_.size(); ++t) {
    const auto& shared = image_.shared[t];
    columns_.clear();
    if (kernel_ == Kernel::avx512)
      step_tile_avx512(tiles_[t], shared, *pair_tables_, columns_, saturation_);
    else
      step_tile_scalar(tiles_[t], shared, image_.config->tables, columns_, saturation_);
    for (auto j : columns_) spiked_.push_back(static_cast<int>(t) * image_.tile.columns + j);
  }
  for (int n : spiked_)
    for (std::uint32_t target : image_.routes[static_cast<std::size_t>(n)])
      if (target != fx::kNoRoute) {
        const auto route = link::unpack_route(target);
        trigger(static_cast<int>(route.tile), static_cast<int>(route.row));
      }
  return spiked_;
}

fx::NeuronState FixedArray::state(int global) const {
  const auto& tile = tiles_[static_cast<std::size_t>(global / image_.tile.columns)];
  return tile.neurons.state(static_cast<std::size_t>(global % image_.tile.columns));
}

double FixedArray::vm(int global) const { return from_volts_word(state(global).vm); }

}  // namespace ionarray::fixed
