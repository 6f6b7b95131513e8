#include "device/chip_part.hpp"

namespace ionarray {

ChipPart chip_part(const Layout& whole, std::span<const int> tiles) {
  const auto& s = whole.spec;
  std::vector<int> local(static_cast<std::size_t>(s.tiles), -1);
  for (std::size_t k = 0; k < tiles.size(); ++k) local[static_cast<std::size_t>(tiles[k])] = static_cast<int>(k);
  ChipPart part{.layout = whole, .image = fixed::slice_image(fixed::build_array_image(s, whole.seed), tiles)};
  auto& p = part.layout.spec;
  p.tiles = static_cast<int>(tiles.size());
  p.tile_neuron.clear();
  p.conductance.clear();
  p.routes.clear();
  p.plasticity.tiles.clear();
  for (const int t : tiles) {
    if (!s.tile_neuron.empty()) p.tile_neuron.push_back(s.tile_neuron[static_cast<std::size_t>(t)]);
    if (s.plasticity.any()) p.plasticity.tiles.push_back(s.plasticity.plastic(t));
    p.conductance.push_back(s.conductance[static_cast<std::size_t>(t)]);
    for (int j = 0; j < s.columns; ++j) {
      const auto n = static_cast<std::size_t>(t * s.columns + j);
      std::vector<reference::RowTarget> kept;
      if (n < s.routes.size())
        for (const auto& target : s.routes[n])
          if (const int to = local[static_cast<std::size_t>(target.tile)]; to >= 0) kept.push_back({to, target.row});
      p.routes.push_back(std::move(kept));
    }
  }
  part.layout.grid_rows = 1;
  part.layout.grid_columns = p.tiles;
  part.layout.inputs = {};
  part.layout.record = {};
  return part;
}

}  // namespace ionarray
