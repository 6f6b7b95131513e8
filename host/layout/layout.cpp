#include "layout/layout.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "fixed/array_image.hpp"
#include "io/csv_reader.hpp"
#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "io/param_file.hpp"
#include "io/toml_file.hpp"
#include "ionarray/tile_engine.hpp"
#include "layout/layout_tables.hpp"
#include "layout/layout_toml.hpp"

namespace ionarray {

std::string relative_to(const std::string& file, const std::string& name) {
  const std::filesystem::path p(name);
  return p.is_absolute() ? name : (std::filesystem::path(file).parent_path() / p).string();
}

namespace {

void refuse_beyond_memory(const std::string& path, const reference::ArraySpec& s) {
  // Each synapse is held as a double (reference model) and again as fixed-point words (the array
  // image); each neuron as its circuit state, its routes and its fixed-point state and
  // coefficients (a few hundred bytes). Refused before anything is allocated, rather than growing
  // until the system kills us.
  constexpr double kBytesPerSynapse = 16, kBytesPerNeuron = 512;
  const double synapses = double(s.tiles) * double(s.rows) * double(s.columns);
  const double neurons = double(s.tiles) * double(s.columns);
  const double needed = synapses * kBytesPerSynapse + neurons * kBytesPerNeuron;
  if (needed > memory_budget_bytes())
    throw InputError(path, 0, "chip", fmt::format("{} tiles of {} x {} are {:.3g} synapses and {:.3g} neurons, {}: "
                                                  "make chip.tiles, chip.rows or chip.columns smaller",
                                                  s.tiles, s.rows, s.columns, synapses, neurons, describe_memory_need(needed)));
}


// A parameter set by name or file with the table's c2c and d2d (falling back to `inherit`'s, or
// to the set's own), checked for a neuron circuit.
reference::ParameterSet read_set(TomlTable& t, const reference::ParameterSet* inherit) {
  reference::ParameterSet set;
  if (t.has("set") && t.child("set").is_table()) {  // inline: set = { base = "lif", device = { mu = 120 } }
    set = parameter_set_from_table(t.child("set"), t.file(), "inline");
  } else {
    const auto set_name = t.required_text("set");
    try {
      const bool is_file = set_name.ends_with(".toml");
      set = resolve_parameter_set(is_file ? relative_to(t.file(), set_name) : set_name);
    } catch (const InputError& e) {
      t.fail("set", e.what());
    }
  }
  const auto& fallback = inherit ? inherit->device : set.device;
  set.device.c2c = t.boolean("c2c", fallback.c2c);
  set.device.d2d = t.number("d2d", 0, 0.28, fallback.d2d);
  if (!set.has_neuron_circuit())
    t.fail("set", fmt::format("set '{}' has no neuron circuit (circuit.r_in, circuit.c)", set.name));
  validate_or_throw(set, t.file());
  return set;
}

void read_neurons(TomlTable t, Layout& l) {
  const bool has_regions = t.has("region");
  const auto* regions = has_regions ? &t.child("region") : nullptr;
  l.spec.neuron = read_set(t, nullptr);
  l.spec.v_bias = t.number("v_bias", -60, 60, 0, "V");
  t.finish();
  if (!regions) return;
  // [[neurons.region]]: other parameter sets for some tiles; c2c and d2d default to [neurons]'.
  if (!regions->is_array()) t.fail("region", "neurons.region must be an array of tables ([[neurons.region]])");
  l.spec.tile_neuron.assign(static_cast<std::size_t>(l.spec.tiles), l.spec.neuron);
  std::vector<bool> claimed(static_cast<std::size_t>(l.spec.tiles), false);
  for (const auto& r : regions->as_array()) {
    TomlTable region(t.file(), r, "neurons.region");
    const auto tiles = region.integers("tiles", 0, l.spec.tiles - 1, 1, static_cast<std::size_t>(l.spec.tiles));
    const auto set = read_set(region, &l.spec.neuron);
    region.finish();
    if (set.circuit.dt != l.spec.neuron.circuit.dt)
      region.fail("set", fmt::format("set '{}' steps with dt = {:g} s, the chip with {:g} s ([neurons] set '{}'): every "
                                     "tile advances one global step, so all sets need the same dt",
                                     set.name, set.circuit.dt, l.spec.neuron.circuit.dt, l.spec.neuron.name));
    for (long tile : tiles) {
      if (claimed[static_cast<std::size_t>(tile)])
        region.fail("tiles", fmt::format("tile {} is in two regions; a tile has one parameter set", tile));
      claimed[static_cast<std::size_t>(tile)] = true;
      l.spec.tile_neuron[static_cast<std::size_t>(tile)] = set;
    }
  }
}

void read_routes(TomlTable t, Layout& l) {
  const auto pattern = t.text("pattern", {"none", "ring"}, "none");
  const int ring = static_cast<int>(t.integer("ring", 1, l.spec.tiles, l.spec.tiles));
  l.spec.routes.assign(static_cast<std::size_t>(l.spec.neurons()), {});
  if (pattern == "ring" && ring > 1) {
    if (l.spec.rows < l.spec.columns)
      t.fail("pattern", fmt::format("a ring routes neuron j to row j: needs rows >= columns ({} < {})", l.spec.rows,
                                    l.spec.columns));
    for (int tile = 0; tile < l.spec.tiles; ++tile) {
      const int next = tile - tile % ring + (tile % ring + 1) % ring;
      for (int j = 0; j < l.spec.columns; ++j)
        l.spec.routes[static_cast<std::size_t>(tile * l.spec.columns + j)].push_back({next, j});
    }
  }
  if (t.has("route")) {
    const auto& routes = t.child("route");
    if (!routes.is_array()) t.fail("route", "routing.route must be an array of tables ([[routing.route]])");
    for (const auto& r : routes.as_array()) {
      TomlTable route(t.file(), r, "routing.route");
      const auto from = route.integers("from", 0, l.spec.neurons(), 2, 2);
      if (from[0] >= l.spec.tiles || from[1] >= l.spec.columns)
        route.fail("from", fmt::format("routing.route.from = [{}, {}]: tile must be < {}, neuron < {}", from[0], from[1],
                                       l.spec.tiles, l.spec.columns));
      const auto& to = route.child("to");
      if (!to.is_array() || to.as_array().empty())
        route.fail("to", "routing.route.to must be a non-empty array of [tile, row] pairs");
      for (const auto& target : to.as_array()) {
        if (!target.is_array() || target.as_array().size() != 2 || !target.as_array()[0].is_integer() ||
            !target.as_array()[1].is_integer())
          route.fail("to", "routing.route.to entries must be [tile, row] integer pairs");
        const long tile = target.as_array()[0].as_integer(), row = target.as_array()[1].as_integer();
        if (tile < 0 || tile >= l.spec.tiles || row < 0 || row >= l.spec.rows)
          route.fail("to", fmt::format("routing.route.to [{}, {}]: tile must be 0 .. {}, row 0 .. {}", tile, row,
                                       l.spec.tiles - 1, l.spec.rows - 1));
        l.spec.routes[static_cast<std::size_t>(from[0] * l.spec.columns + from[1])].push_back(
            {static_cast<int>(tile), static_cast<int>(row)});
      }
      route.finish();
    }
  }
  t.finish();
}

// A DC drive is the voltage at the far end of every neuron's Rin: the array holds one such
// voltage (v_bias) for the whole chip, so a drive reaches every tile and lasts the whole run.
void read_dc_input(TomlTable& t, Layout& l, bool& dc_seen) {
  if (dc_seen) t.fail("kind", "one DC drive per chip: the array holds one v_bias for all tiles");
  if (l.spec.v_bias != 0)
    t.fail("kind", fmt::format("neurons.v_bias = {:g} V is a DC drive already; give the drive in one place", l.spec.v_bias));
  dc_seen = true;
  l.spec.v_bias = t.required_number("voltage", -reference::kMaxDriveVolts, reference::kMaxDriveVolts, "V");
  if (t.has("tiles")) {
    const auto tiles = t.integers("tiles", 0, l.spec.tiles - 1, 1, static_cast<std::size_t>(l.spec.tiles) * 2);
    if (std::set<long>(tiles.begin(), tiles.end()).size() != static_cast<std::size_t>(l.spec.tiles))
      t.fail("tiles", fmt::format("a DC drive reaches every tile (0 .. {}): the array's memory map holds one v_bias for "
                                  "the whole chip, so a drive per tile or per neuron cannot be loaded", l.spec.tiles - 1));
  }
}

void read_input(TomlTable t, Layout& l, bool& dc_seen) {
  const auto kind = t.text("kind", {"poisson", "csv", "dc"}, "");
  if (kind.empty()) t.fail("kind", "input.kind is required: \"poisson\", \"csv\" or \"dc\"");
  if (kind == "dc") {
    read_dc_input(t, l, dc_seen);
  } else if (kind == "poisson") {
    PoissonSource p;
    for (long tile : t.integers("tiles", 0, l.spec.tiles - 1, 1, static_cast<std::size_t>(l.spec.tiles)))
      p.tiles.push_back(static_cast<int>(tile));
    p.probability = t.number("probability", 0, 1, 0.01);
    p.seed = static_cast<std::uint64_t>(t.integer("seed", 0, std::numeric_limits<long>::max(), static_cast<long>(l.seed)));
    l.inputs.poisson.push_back(p);
  } else {
    const auto file = relative_to(t.file(), t.required_text("file"));
    const auto csv = read_numeric_csv(file, {"step", "tile", "row"});
    for (std::size_t k = 0; k < csv.rows.size(); ++k) {
      const auto& row = csv.rows[k];
      const auto line = csv.line_of_row[k];
      const auto whole = [&](double v, const char* column, double hi) {
        if (v < 0 || v >= hi || v != static_cast<double>(static_cast<long>(v)))
          throw InputError(file, line, column, fmt::format("{:g} must be an integer 0 .. {:g}", v, hi - 1));
        return static_cast<long>(v);
      };
      const ExternalEvent e{whole(row[0], "step", static_cast<double>(l.steps)), static_cast<int>(whole(row[1], "tile", l.spec.tiles)),
                            static_cast<int>(whole(row[2], "row", l.spec.rows))};
      if (!l.inputs.events.empty() && e.step < l.inputs.events.back().step)
        throw InputError(file, line, "step", fmt::format("{} is before the previous event's step: events must be in step order", e.step));
      l.inputs.events.push_back(e);
    }
  }
  t.finish();
}

}  // namespace

Layout load_layout(const std::string& path) { return read_layout(parse_toml_file(path), path); }

Layout read_layout(const toml::value& root, const std::string& path) {
  TomlTable top(path, root, "");
  Layout l{.path = path};
  {
    TomlTable run(path, top.child("run"), "run");
    l.steps = run.integer("steps", 1, 1L << 40, 1000);
    l.seed = static_cast<std::uint64_t>(run.integer("seed", 0, std::numeric_limits<long>::max(), 1));
    run.finish();
  }
  {
    TomlTable chip(path, top.child("chip"), "chip");
    const auto grid = chip.integers("tiles", 1, 1024, 2, 2);
    l.grid_rows = static_cast<int>(grid[0]);
    l.grid_columns = static_cast<int>(grid[1]);
    l.spec.tiles = l.grid_rows * l.grid_columns;
    l.spec.rows = static_cast<int>(chip.integer("rows", 1, 65536, 64));
    l.spec.columns = static_cast<int>(chip.integer("columns", 1, 65536, 64));
    chip.finish();
    refuse_beyond_memory(path, l.spec);
  }
  read_neurons(TomlTable(path, top.child("neurons"), "neurons"), l);
  read_synapses(TomlTable(path, top.child("synapses"), "synapses"), l);
  {
    TomlTable p(path, top.child("pulses"), "pulses");
    l.spec.row_voltage = p.number("voltage", -reference::kMaxDriveVolts, reference::kMaxDriveVolts, 1.0, "V");
    l.spec.pulse_steps = static_cast<int>(p.integer("steps", 1, fx::kPulseStepsMax, 5));
    if (p.has("rows")) read_row_voltages(p, l);
    p.finish();
  }
  if (top.has("plasticity")) read_plasticity(TomlTable(path, top.child("plasticity"), "plasticity"), l);
  if (top.has("routing")) read_routes(TomlTable(path, top.child("routing"), "routing"), l);
  else l.spec.routes.assign(static_cast<std::size_t>(l.spec.neurons()), {});
  if (top.has("input")) {
    const auto& inputs = top.child("input");
    if (!inputs.is_array()) top.fail("input", "input must be an array of tables ([[input]])");
    bool dc_seen = false;
    for (const auto& in : inputs.as_array()) read_input(TomlTable(path, in, "input"), l, dc_seen);
  }
  if (top.has("record")) read_record(TomlTable(path, top.child("record"), "record"), l);
  if (top.has("partition")) read_partition(TomlTable(path, top.child("partition"), "partition"), l);
  top.finish();
  return l;
}

int row_voltage_levels(const reference::ArraySpec& spec) {
  std::vector<double> voltages = spec.row_voltages;
  voltages.push_back(spec.row_voltage);
  std::sort(voltages.begin(), voltages.end());
  return static_cast<int>(std::unique(voltages.begin(), voltages.end()) - voltages.begin());
}

int plastic_rows_per_tile(const reference::ArraySpec& spec) {
  const auto& p = spec.plasticity;
  if (!p.any()) return 0;
  return (p.last_row < 0 ? spec.rows - 1 : p.last_row) - p.first_row + 1;
}

void check_static_crossbar(const Layout& l, std::string_view device) {
  if (l.spec.plasticity.any())
    throw InputError(l.path, 0, "plasticity",
                     fmt::format("plastic synapses are programmed on one device (reference://, fixed://, link "
                                 "devices); {} holds its crossbar fixed", device));
}

void check_fixed_point_capacity(const Layout& l) {
  const auto& s = l.spec;
  if (s.rows > fx::kMaxRows)
    throw InputError(l.path, 0, "chip.rows", fmt::format("the fixed backend's tile holds {} rows; the layout asks for {} ({} too many)",
                                                          fx::kMaxRows, s.rows, s.rows - fx::kMaxRows));
  if (s.columns > fx::kMaxColumns)
    throw InputError(l.path, 0, "chip.columns", fmt::format("the fixed backend's tile holds {} columns; the layout asks for {} ({} too many)",
                                                             fx::kMaxColumns, s.columns, s.columns - fx::kMaxColumns));
  for (std::size_t n = 0; n < s.routes.size(); ++n)
    if (s.routes[n].size() > static_cast<std::size_t>(fx::kRouteSlots))
      throw InputError(l.path, 0, "routing",
                       fmt::format("neuron {} of tile {} drives {} rows; the fixed backend routes at most {} per neuron ({} too many)",
                                   n % static_cast<std::size_t>(s.columns), n / static_cast<std::size_t>(s.columns),
                                   s.routes[n].size(), fx::kRouteSlots, s.routes[n].size() - fx::kRouteSlots));
  try {
    fixed::build_array_image(s, l.seed);
  } catch (const std::invalid_argument& e) {
    throw InputError(l.path, 0, "", fmt::format("does not fit the fixed-point formats: {}", e.what()));
  }
}

}  // namespace ionarray
