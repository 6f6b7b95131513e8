// [synapses]: generated kinds draw their conductances; inline matrices and CSV files give them.
// Every kind is programmed the same way: the nearest of `levels` between 0 and g_max, then spread.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "io/csv_reader.hpp"
#include "io/input_error.hpp"
#include "layout/layout_tables.hpp"

namespace ionarray {
namespace {

using Targets = std::vector<std::vector<double>>;  // per tile, rows * columns, siemens

long line_of(const toml::value& v) { return static_cast<long>(v.location().line()); }

double unit_of(const std::string& name) {
  return name == "S" ? 1 : name == "mS" ? 1e-3 : name == "uS" ? 1e-6 : 1e-9;
}

// One rows x columns matrix of numbers (in `unit`) into `out`, refusing a wrong shape or a value
// outside 0 .. g_max, at the line of the offending row.
void read_matrix(const std::string& file, const toml::value& m, const std::string& field, const reference::ArraySpec& s,
                 double unit, double g_max, std::vector<double>& out) {
  const auto shape = fmt::format("a {} x {} matrix (chip.rows arrays of chip.columns numbers)", s.rows, s.columns);
  if (!m.is_array()) throw InputError(file, line_of(m), field, fmt::format("{} must be {}", field, shape));
  const auto& rows = m.as_array();
  if (rows.size() != static_cast<std::size_t>(s.rows))
    throw InputError(file, line_of(m), field, fmt::format("{} has {} rows; it must be {}", field, rows.size(), shape));
  out.assign(static_cast<std::size_t>(s.rows * s.columns), 0.0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const auto where = fmt::format("{} row {}", field, i);
    if (!row.is_array())
      throw InputError(file, line_of(row), field, fmt::format("{} must be an array of {} numbers; {} must be {}", where,
                                                              s.columns, field, shape));
    if (row.as_array().size() != static_cast<std::size_t>(s.columns))
      throw InputError(file, line_of(row), field, fmt::format("{} has {} values; it must have {} (chip.columns)", where,
                                                              row.as_array().size(), s.columns));
    for (std::size_t j = 0; j < row.as_array().size(); ++j) {
      const auto& v = row.as_array()[j];
      if (!v.is_floating() && !v.is_integer())
        throw InputError(file, line_of(v), field, fmt::format("{}, column {} must be a number", where, j));
      const double g = (v.is_floating() ? v.as_floating() : static_cast<double>(v.as_integer())) * unit;
      if (!std::isfinite(g) || g < 0 || g > g_max * (1 + 1e-12))
        throw InputError(file, line_of(v), field,
                         fmt::format("{}, column {}: {:g} S is out of range; allowed 0 .. synapses.g_max = {:g} S", where,
                                     j, g, g_max));
      out[i * static_cast<std::size_t>(s.columns) + j] = std::min(g, g_max);
    }
  }
}

Targets read_inline(TomlTable& t, const reference::ArraySpec& s, double g_max) {
  const double unit = unit_of(t.text("unit", {"S", "mS", "uS", "nS"}, "S"));
  Targets targets(static_cast<std::size_t>(s.tiles));
  std::vector<bool> given(targets.size(), false);
  if (t.has("matrix")) {
    std::vector<double> all;
    read_matrix(t.file(), t.child("matrix"), "synapses.matrix", s, unit, g_max, all);
    std::fill(targets.begin(), targets.end(), all);
    std::fill(given.begin(), given.end(), true);
  }
  std::vector<bool> own(targets.size(), false);
  if (t.has("tile")) {
    const auto& tiles = t.child("tile");
    if (!tiles.is_array()) t.fail("tile", "synapses.tile must be an array of tables ([[synapses.tile]])");
    for (const auto& entry : tiles.as_array()) {
      TomlTable e(t.file(), entry, "synapses.tile");
      if (!e.has("tile")) e.fail("tile", fmt::format("synapses.tile.tile is required (0 .. {})", s.tiles - 1));
      const auto tile = static_cast<std::size_t>(e.integer("tile", 0, s.tiles - 1, 0));
      if (own[tile]) e.fail("tile", fmt::format("tile {} has a matrix already: one [[synapses.tile]] per tile", tile));
      read_matrix(t.file(), e.child("matrix"), "synapses.tile.matrix", s, unit, g_max, targets[tile]);
      own[tile] = given[tile] = true;
      e.finish();
    }
  }
  std::vector<std::size_t> missing;
  for (std::size_t k = 0; k < given.size(); ++k)
    if (!given[k]) missing.push_back(k);
  if (!missing.empty())
    t.fail("kind", fmt::format("synapses.kind = \"inline\" needs synapses.matrix (every tile) or a [[synapses.tile]] "
                               "for each tile; tiles without one: {}", fmt::join(missing, ", ")));
  return targets;
}

// CSV columns tile,row,column,g (siemens); synapses not listed are 0, each listed at most once.
Targets read_csv(TomlTable& t, const reference::ArraySpec& s, double g_max) {
  const auto file = relative_to(t.file(), t.required_text("file"));
  const auto csv = read_numeric_csv(file, {"tile", "row", "column", "g"});
  Targets targets(static_cast<std::size_t>(s.tiles), std::vector<double>(static_cast<std::size_t>(s.rows * s.columns), 0.0));
  std::map<std::tuple<long, long, long>, long> first_line;
  for (std::size_t k = 0; k < csv.rows.size(); ++k) {
    const auto& row = csv.rows[k];
    const auto line = csv.line_of_row[k];
    const auto whole = [&](double v, const char* column, long count, const char* limit) {
      if (v < 0 || v >= static_cast<double>(count) || v != std::floor(v))
        throw InputError(file, line, column, fmt::format("{} = {:g} is out of range; allowed an integer 0 .. {} ({} = {})",
                                                         column, v, count - 1, limit, count));
      return static_cast<long>(v);
    };
    const long tile = whole(row[0], "tile", s.tiles, "chip tiles"), i = whole(row[1], "row", s.rows, "chip.rows"),
               j = whole(row[2], "column", s.columns, "chip.columns");
    if (!(row[3] >= 0 && row[3] <= g_max * (1 + 1e-12)))
      throw InputError(file, line, "g", fmt::format("g = {:g} S is out of range; allowed 0 .. synapses.g_max = {:g} S", row[3], g_max));
    const auto [it, fresh] = first_line.emplace(std::tuple{tile, i, j}, line);
    if (!fresh)
      throw InputError(file, line, "", fmt::format("synapse tile {}, row {}, column {} is listed twice (first on line {})",
                                                   tile, i, j, it->second));
    targets[static_cast<std::size_t>(tile)][static_cast<std::size_t>(i * s.columns + j)] = std::min(row[3], g_max);
  }
  return targets;
}

}  // namespace

void read_synapses(TomlTable t, Layout& l) {
  reference::SynapseGenerator gen;
  const auto kind = t.text("kind", {"random", "sparse", "identity", "inline", "csv"}, "random");
  gen.g_max = t.number("g_max", 0, 1, 10e-6, "S");
  l.synapse_g_max = gen.g_max;
  gen.levels = static_cast<int>(t.integer("levels", 1, 65536, 16));
  gen.spread = t.number("spread", 0, 0.28, 0);
  const auto seed = static_cast<std::uint64_t>(t.integer("seed", 0, std::numeric_limits<long>::max(), static_cast<long>(l.seed)));
  if (kind == "inline" || kind == "csv") {
    const auto targets = kind == "inline" ? read_inline(t, l.spec, gen.g_max) : read_csv(t, l.spec, gen.g_max);
    t.finish();
    reference::program_synapses(l.spec, targets, gen, seed);
    return;
  }
  gen.kind = kind == "random"   ? reference::SynapseGenerator::Kind::random
             : kind == "sparse" ? reference::SynapseGenerator::Kind::sparse
                                : reference::SynapseGenerator::Kind::identity;
  gen.density = t.number("density", 0, 1, 1);
  t.finish();
  reference::generate_synapses(l.spec, gen, seed);
}

}  // namespace ionarray
