#include "fixed/fixed_array.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace ionarray::fixed {

FixedArray::FixedArray(const reference::ArraySpec& spec, std::uint64_t seed, Kernel kernel, int threads,
                       std::optional<TileRange> tiles)
    : FixedArray(build_array_image(spec, seed), kernel, threads, tiles) {}

FixedArray::FixedArray(ArrayImage image, Kernel kernel, int threads, std::optional<TileRange> tiles)
    : image_(std::move(image)), kernel_(resolve_kernel(kernel)), range_(tiles.value_or(TileRange{0, image_.tiles})) {
  if (range_.first < 0 || range_.last > image_.tiles || range_.first > range_.last)
    throw std::invalid_argument(fmt::format("tiles {} .. {} are not a range of the chip's {} tiles", range_.first,
                                            range_.last - 1, image_.tiles));
  if (threads < 1) throw std::invalid_argument(fmt::format("{} threads: at least one steps the tiles", threads));
  const auto columns = static_cast<std::size_t>(image_.tile.columns);
  const auto words = static_cast<std::size_t>(image_.tile.rows) * columns;
  for (auto t = static_cast<std::size_t>(range_.first); t < static_cast<std::size_t>(range_.last); ++t) {
    auto& tile = tiles_.emplace_back(image_.tile, std::span(image_.g[t]).first(words),
                                     std::span(image_.coefs).subspan(t * columns, columns),
                                     std::span(image_.states).subspan(t * columns, columns));
    if (t < image_.plastic.size()) tile.plastic = std::move(image_.plastic[t]);  // (the tile's from here on)
    if (!avx512_steps(tile)) kernel_ = Kernel::scalar;  // the one place a chip falls back
  }
  if (kernel_ == Kernel::avx512) pair_tables_ = std::make_unique<const PairTables>(image_.config->tables);
  columns_.resize(tiles_.size());
  // More threads than tiles would only wait.
  const int used = std::max(1, std::min<int>(threads, static_cast<int>(tiles_.size())));
  worker_saturation_.resize(static_cast<std::size_t>(used));
  if (used > 1) pool_ = std::make_unique<TilePool>(used);
}

void FixedArray::trigger(int tile, int row) {
  if (range_.contains(tile)) tiles_[static_cast<std::size_t>(tile - range_.first)].trigger(row);
}

// Tile `t` (of those held) on worker `worker`, counting saturations in the worker's own counters
// (summed after the step, so the totals do not depend on which thread stepped which tile).
void FixedArray::step_tile(std::size_t t, int worker) {
  auto& sat = worker_saturation_[static_cast<std::size_t>(worker)];
  const auto& shared = image_.shared[t + static_cast<std::size_t>(range_.first)];
  columns_[t].clear();
  if (kernel_ == Kernel::avx512)
    step_tile_avx512(tiles_[t], shared, *pair_tables_, columns_[t], sat);
  else
    step_tile_scalar(tiles_[t], shared, image_.config->tables, columns_[t], sat);
}

const std::vector<int>& FixedArray::step_tiles() {
  if (pool_) pool_->run(static_cast<int>(tiles_.size()), [this](int t, int worker) { step_tile(static_cast<std::size_t>(t), worker); });
  else
    for (std::size_t t = 0; t < tiles_.size(); ++t) step_tile(t, 0);
  spiked_.clear();
  for (std::size_t t = 0; t < tiles_.size(); ++t) {
    const int base = (static_cast<int>(t) + range_.first) * image_.tile.columns;
    for (auto j : columns_[t]) spiked_.push_back(base + j);
  }
  saturation_ = {};
  for (const auto& s : worker_saturation_) {
    saturation_.vm += s.vm;
    saturation_.s += s.s;
    saturation_.conductance += s.conductance;
  }
  return spiked_;
}

void FixedArray::route(std::span<const int> spikes) {
  for (int n : spikes)
    for (std::uint32_t target : image_.routes[static_cast<std::size_t>(n)])
      if (target != fx::kNoRoute) {
        const auto route = link::unpack_route(target);
        trigger(static_cast<int>(route.tile), static_cast<int>(route.row));
      }
}

const std::vector<int>& FixedArray::step() {
  step_tiles();
  route(spiked_);
  return spiked_;
}

const TileLanes& FixedArray::held(int tile) const {
  if (!range_.contains(tile))
    throw std::out_of_range(fmt::format("tile {} is not held here (tiles {} .. {})", tile, range_.first, range_.last - 1));
  return tiles_[static_cast<std::size_t>(tile - range_.first)];
}

fx::NeuronState FixedArray::state(int global) const {
  return held(global / image_.tile.columns).neurons.state(static_cast<std::size_t>(global % image_.tile.columns));
}

std::vector<double> FixedArray::conductances(int tile) const {
  const auto& lanes = held(tile);
  const double lsb = image_.siemens_per_word[static_cast<std::size_t>(tile)];
  std::vector<double> g;
  g.reserve(static_cast<std::size_t>(image_.tile.rows) * static_cast<std::size_t>(image_.tile.columns));
  for (int i = 0; i < image_.tile.rows; ++i)
    for (int j = 0; j < image_.tile.columns; ++j) g.push_back(lanes.g[static_cast<std::size_t>(i * lanes.stride + j)] * lsb);
  return g;
}


double FixedArray::vm(int global) const { return from_volts_word(state(global).vm); }

}  // namespace ionarray::fixed
