// ionarray estimate LAYOUT --part PART: FPGA resources of the layout's array shape, how many
// tiles of that shape a part holds, the clock the synthesized netlists' path depth supports, the
// step rate, and how many neurons of the shape run in real time at the layout's dt on each part.
#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "estimate/chip_estimate.hpp"
#include "io/input_error.hpp"
#include "ionarray/tile_engine.hpp"
#include "layout/layout.hpp"

namespace ionarray::cli {
namespace {

struct EstimateArgs {
  std::string layout, part, results = IONARRAY_SOURCE_DIR "/synth/results.json";
  double clock_mhz = 0;  // 0: the low end of the clock band derived from the path depth
  int tiles_per_engine = 1;
};

// The engine sharings print_real_time compares.
std::string row(const std::string& name, const estimate::Resources& r) {
  return fmt::format("  {:<34} {:>11.0f} {:>11.0f} {:>8.0f} {:>8.1f}\n", name, r.luts, r.ffs, r.dsps, r.bram36);
}

// The resource PartFit::limit names.
double of(const estimate::Resources& r, const std::string& limit) {
  return limit == "LUT" ? r.luts : limit == "FF" ? r.ffs : limit == "DSP" ? r.dsps : r.bram36;
}

// For each known part: tiles of the shape that fit by resources, and how many of them step in
// real time at dt (at `clock_mhz`, or the low end of the part's clock band), with the number of
// tiles per engine that gives the most.
void print_real_time(const std::vector<estimate::RealTimeFit>& fits, int columns) {
  for (const auto& f : fits) {
    if (!f.error.empty()) {
      fmt::print("    {:<9} no estimate: {}\n", f.part, f.error);
      continue;
    }
    fmt::print("    {:<9} {:>5} tiles, {:>6} neurons, {:>2} tiles per engine: limited by {} ({} by resources; {} cycles per\n"
               "              step at {:.0f} MHz hold the quiet steps of {})\n",
               f.part, f.tiles, f.tiles * columns, f.tiles_per_engine, f.limit, f.tiles_by_resources, f.cycle_budget,
               f.clock_mhz, f.tiles_by_time);
  }
}

void run_estimate(const EstimateArgs& a) {
  const estimate::Part& part = estimate::find_part(a.part);  // before the slower loads
  const Layout layout = load_layout(a.layout);
  const estimate::SynthResults results = estimate::load_synth_results(a.results);
  const int tiles = layout.spec.tiles, rows = layout.spec.rows, columns = layout.spec.columns;

  const int sharing = a.tiles_per_engine;
  if (tiles % sharing != 0)
    throw InputError(a.layout, 0, "--tiles-per-engine",
                     fmt::format("{} does not divide the layout's {} tiles: an engine serves whole tiles", sharing, tiles));
  const double dt = layout.spec.neuron.circuit.dt;
  const estimate::TileOptions options{.row_levels = row_voltage_levels(layout.spec),
                                      .plastic_rows = plastic_rows_per_tile(layout.spec)};
  const estimate::ChipEstimate e = estimate::estimate_chip(
      results, part, {.tiles = tiles, .rows = rows, .columns = columns, .dt_s = dt, .options = options}, sharing, a.clock_mhz);
  const estimate::Resources &engine = e.engine, &tile = e.tile, &core = e.core, &array = e.array;
  const estimate::PartFit& fit = e.fit;
  const estimate::ClockBand &band = e.band, &tiles_band = e.engine_and_tiles_band;
  const long cycles = e.cycles_per_step;
  const double clock_mhz = e.clock_mhz, steps_per_s = e.steps_per_s;

  fmt::print("estimate: {}: {} tiles ({} x {} grid) of {} rows x {} columns, on {} ({})\n", a.layout, tiles,
             layout.grid_rows, layout.grid_columns, rows, columns, part.name, part.description);
  fmt::print("  synthesis: {}, synth_xilinx -family {} ({})\n", results.tool, part.family, a.results);
  fmt::print("  {:<34} {:>11} {:>11} {:>8} {:>8}\n", "", "LUT", "FF", "DSP", "BRAM36");
  fmt::print("{}", row(fmt::format("engine (1 per {} tile{})", sharing, sharing == 1 ? "" : "s"), engine));
  const bool plastic = estimate::shell_kind(options) == "plastic_shell";
  fmt::print("{}", row(fmt::format("tile {} x {} ({} + 1/{} engine)", rows, columns, plastic ? "plastic" : "shell", sharing), tile));
  fmt::print("{}", row(fmt::format("array core + registers, {} tiles", tiles), core));
  fmt::print("{}", row(fmt::format("array, {} tiles (core + tiles)", tiles), array));
  const estimate::Resources totals{part.luts, part.ffs, part.dsps, part.bram36};
  fmt::print("{}", row(fmt::format("part {} (device totals)", part.name), totals));
  if (fit.tiles == 0)
    fmt::print("  fit: not one tile of {} x {} fits in {} (limited by {}: a tile and its share of the core need {:.0f}, "
               "the part has {:.0f} beside the core)\n",
               rows, columns, part.name, fit.limit, fit.per_tile, fit.available);
  else
    fmt::print("  fit: {} of {} x {} {} in {} (limited by {}); the layout's {} tiles use {:.1f} % of the {}{}\n",
               fit.tiles == 1 ? std::string("1 tile") : fmt::format("{} tiles", fit.tiles), rows, columns,
               fit.tiles == 1 ? "fits" : "fit", part.name, fit.limit, tiles, 100.0 * of(array, fit.limit) / of(totals, fit.limit),
               fit.limit, tiles > fit.tiles ? ": the layout does not fit" : "");
  const estimate::ClockModel& model = estimate::clock_model(part.family);
  fmt::print("  clock: the deepest register-to-register path of the {} netlists is {:g} logic levels ({}: {}){}; at\n"
             "    {:g} ns + {:g}-{:g} ns per level that supports {:.0f}-{:.0f} MHz (model: docs/rtl.md); {}\n",
             part.family, band.levels, band.where, band.path,
             band.sta_ns >= 0 ? fmt::format(", its cells {:.2f} ns by Yosys sta", band.sta_ns) : std::string(),
             model.overhead_ns, model.level_fast_ns, model.level_slow_ns, band.low_mhz, band.high_mhz,
             a.clock_mhz > 0 ? fmt::format("the estimate uses the stated {:g} MHz", clock_mhz)
                             : fmt::format("the estimate uses its low end, {:.0f} MHz", clock_mhz));
  const int synapse_latency = estimate::synapse_latency(options);
  const long neuron_phase = estimate::neuron_phase_cycles(tiles, columns, sharing, options);
  const long walk = estimate::program_walk_cycles(options.plastic_rows, columns);
  const std::string phase =
      walk > neuron_phase
          ? fmt::format("{} + {} x {} + {} + 3) + {} + 6: rows, the walk over each tile's plastic synapses, one per cycle,\n"
                        "    and the programming pipeline, longer than the neurons' {}",
                        rows, options.plastic_rows, columns, walk - long{options.plastic_rows} * columns, tiles, neuron_phase)
          : fmt::format("{} + {} x {} + {} + {} + 3) + {} + 6: rows, the columns of each engine's tiles,\n"
                        "    the synaptic input's latency and the engine's",
                        rows, std::min(tiles, sharing), columns, synapse_latency, fx::kEngineLatency, tiles);
  fmt::print("  step rate: {} cycles per step (({}; engines in parallel; no input events or spikes: each event adds\n"
             "    1 cycle, each spike 6) -> {:.4g} steps/s, {:.3g} neuron-updates/s\n",
             cycles, phase, steps_per_s, steps_per_s * tiles * columns);
  if (plastic)
    fmt::print("  the layout's tiles need {} row voltage(s) and {} plastic rows (docs/plasticity.md): their resources are\n"
               "    those of plastic tile shells, built with every row plastic and {} row voltages (an upper bound)\n",
               options.row_levels, options.plastic_rows, fx::kRowVoltageLevels);
  fmt::print("  real time at dt = {:g} us (the layout's neuron set), tiles of {} x {}, at {}:\n", dt * 1e6, rows, columns,
             a.clock_mhz > 0 ? fmt::format("{:g} MHz", a.clock_mhz) : std::string("each part's low clock"));
  print_real_time(estimate::real_time_fits(results, a.clock_mhz, dt, rows, columns, options, false), columns);
  if (a.clock_mhz <= 0 && e.core_limits_clock) {
    fmt::print("  the engine and tiles alone ({:g} levels: {}) support {:.0f}-{:.0f} MHz; with an array core as shallow, at\n"
               "    their low clock:\n",
               tiles_band.levels, tiles_band.where, tiles_band.low_mhz, tiles_band.high_mhz);
    print_real_time(estimate::real_time_fits(results, 0, dt, rows, columns, options, true), columns);
  }
  fmt::print("  not included: the card shell of Alveo parts (the platform's share of the device), the host-side\n"
             "    AXI master or USB bridge. Part figures: {}.\n", part.source);
  fmt::print("  timing: Yosys does no placement or routing; whether {:.0f} MHz closes needs the vendor tools (Vivado).\n",
             clock_mhz);
}

}  // namespace

void add_estimate_command(CLI::App& app) {
  auto a = std::make_shared<EstimateArgs>();
  auto* cmd = app.add_subcommand("estimate", "FPGA resources, tiles per part and step rate of a layout's array shape");
  cmd->add_option("layout", a->layout, "layout file (.toml)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--part", a->part, "xcu55c, xcu250, xc7k325t or xc7a100t")->required();
  cmd->add_option("--clock-mhz", a->clock_mhz,
                  "clock to compute the step rate at, instead of the low end of the band the path depth supports")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--tiles-per-engine", a->tiles_per_engine,
                  "tiles each neuron engine serves in turn (ionarray_tile's TILES_PER_ENGINE), for the layout's own figures")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--results", a->results, "synthesis results written by `make synth`")->capture_default_str();
  cmd->callback([a] { run_estimate(*a); });
}

}  // namespace ionarray::cli
