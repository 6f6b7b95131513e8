// [partition]: devices = [[tile, ...], ...], the tiles each device holds, every tile exactly once.
#include <fmt/format.h>

#include "io/input_error.hpp"
#include "layout/layout_tables.hpp"

namespace ionarray {

void read_partition(TomlTable t, Layout& l) {
  l.partition_line = t.line_of("devices");
  const auto& devices = t.child("devices");
  constexpr const char* kShape = "partition.devices is a list of tile lists, one per device in the order of --backend's "
                                 "URIs: devices = [[0, 1], [2, 3]]";
  if (!devices.is_array() || devices.as_array().empty()) t.fail("devices", kShape);
  std::vector<int> owner(static_cast<std::size_t>(l.spec.tiles), -1);
  for (const auto& list : devices.as_array()) {
    const int device = static_cast<int>(l.partition.size());
    if (!list.is_array() || list.as_array().empty()) t.fail("devices", fmt::format("device {}: {}", device, kShape));
    auto& tiles = l.partition.emplace_back();
    for (const auto& tile : list.as_array()) {
      if (!tile.is_integer() || tile.as_integer() < 0 || tile.as_integer() >= l.spec.tiles)
        t.fail("devices", fmt::format("device {} lists {}: tiles are integers 0 .. {}", device, toml::format(tile),
                                      l.spec.tiles - 1));
      const auto k = static_cast<std::size_t>(tile.as_integer());
      if (owner[k] >= 0)
        t.fail("devices", fmt::format("tile {} is named twice: by device {} and device {}; each tile is on one device",
                                      k, owner[k], device));
      owner[k] = device;
      tiles.push_back(static_cast<int>(k));
    }
  }
  for (std::size_t k = 0; k < owner.size(); ++k)
    if (owner[k] < 0)
      t.fail("devices", fmt::format("tile {} is left out: every tile of the chip's {} is on one device", k, l.spec.tiles));
  t.finish();
}

std::vector<std::vector<int>> partition_tiles(const Layout& l, int devices) {
  if (!l.partition.empty()) {
    if (static_cast<int>(l.partition.size()) != devices)
      throw InputError(l.path, l.partition_line, "partition.devices",
                       fmt::format("the partition lists {} devices; the run has {} (--backend URI1,URI2,...)",
                                   l.partition.size(), devices));
    return l.partition;
  }
  std::vector<std::vector<int>> parts(static_cast<std::size_t>(devices));
  for (int t = 0; t < l.spec.tiles; ++t) parts[static_cast<std::size_t>(t % devices)].push_back(t);
  return parts;
}

}  // namespace ionarray
