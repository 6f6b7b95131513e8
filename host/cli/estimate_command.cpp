// ionarray estimate LAYOUT --part PART: FPGA resources of the layout's array shape, how many
// tiles of that shape a part holds, and the step rate at a stated clock.
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "estimate/estimate.hpp"
#include "layout/layout.hpp"

namespace ionarray::cli {
namespace {

struct EstimateArgs {
  std::string layout, part, results = IONARRAY_SOURCE_DIR "/synth/results.json";
  double clock_mhz = 100;
};

std::string row(const std::string& name, const estimate::Resources& r) {
  return fmt::format("  {:<34} {:>11.0f} {:>11.0f} {:>8.0f} {:>8.1f}\n", name, r.luts, r.ffs, r.dsps, r.bram36);
}

// The resource PartFit::limit names.
double of(const estimate::Resources& r, const std::string& limit) {
  return limit == "LUT" ? r.luts : limit == "FF" ? r.ffs : limit == "DSP" ? r.dsps : r.bram36;
}

void run_estimate(const EstimateArgs& a) {
  const estimate::Part& part = estimate::find_part(a.part);  // before the slower loads
  const Layout layout = load_layout(a.layout);
  const estimate::SynthResults results = estimate::load_synth_results(a.results);
  const int tiles = layout.spec.tiles, rows = layout.spec.rows, columns = layout.spec.columns;

  const estimate::Resources engine = estimate::engine_resources(results, part.family);
  const estimate::Resources shell = estimate::fit_shell_model(results, part.family).at(rows, columns);
  const estimate::ArrayShellModel array_shell = estimate::fit_array_shell_model(results, part.family);
  const estimate::Resources tile = engine + shell;
  const estimate::Resources core = array_shell.at(tiles, columns);
  const estimate::Resources array = core + tile * tiles;
  // Each added tile brings its own tile and its share of the core; the core's base is there once.
  const estimate::PartFit fit =
      estimate::fit_on_part(tile + array_shell.per_tile(columns), part, array_shell.fixed());
  const long cycles = estimate::cycles_per_step(tiles, rows, columns);
  const double steps_per_s = a.clock_mhz * 1e6 / static_cast<double>(cycles);

  fmt::print("estimate: {}: {} tiles ({} x {} grid) of {} rows x {} columns, on {} ({})\n", a.layout, tiles,
             layout.grid_rows, layout.grid_columns, rows, columns, part.name, part.description);
  fmt::print("  synthesis: {}, synth_xilinx -family {} ({})\n", results.tool, part.family, a.results);
  fmt::print("  {:<34} {:>11} {:>11} {:>8} {:>8}\n", "", "LUT", "FF", "DSP", "BRAM36");
  fmt::print("{}", row("engine (1 per tile)", engine));
  fmt::print("{}", row(fmt::format("tile {} x {} (engine + shell)", rows, columns), tile));
  fmt::print("{}", row(fmt::format("array core + registers, {} tiles", tiles), core));
  fmt::print("{}", row(fmt::format("array, {} tiles (core + tiles)", tiles), array));
  const estimate::Resources totals{part.luts, part.ffs, part.dsps, part.bram36};
  fmt::print("{}", row(fmt::format("part {} (device totals)", part.name), totals));
  if (fit.tiles == 0)
    fmt::print("  fit: not one tile of {} x {} fits in {} (limited by {}: a tile and its share of the core need {:.0f}, "
               "the part has {:.0f} beside the core)\n",
               rows, columns, part.name, fit.limit, fit.per_tile, fit.available);
  else
    fmt::print("  fit: {} tiles of {} x {} fit in {} (limited by {}); the layout's {} tiles use {:.1f} % of the {}{}\n",
               fit.tiles, rows, columns, part.name, fit.limit, tiles, 100.0 * of(array, fit.limit) / of(totals, fit.limit),
               fit.limit, tiles > fit.tiles ? ": the layout does not fit" : "");
  fmt::print("  step rate: {} cycles per step (({} + {} + 5) + {} + 6: tiles in parallel, no input events or spikes; each\n"
             "    event adds 1 cycle, each spike 6) -> {:.4g} steps/s at an assumed {:g} MHz\n",
             cycles, rows, columns, tiles, steps_per_s, a.clock_mhz);
  fmt::print("  not included: the card shell of Alveo parts (the platform's share of the device), the host-side\n"
             "    AXI master or USB bridge. Part figures: {}.\n", part.source);
  fmt::print("  timing: Yosys does no placement or timing analysis; whether {:g} MHz closes needs the vendor tools (Vivado).\n",
             a.clock_mhz);
}

}  // namespace

void add_estimate_command(CLI::App& app) {
  auto a = std::make_shared<EstimateArgs>();
  auto* cmd = app.add_subcommand("estimate", "FPGA resources, tiles per part and step rate of a layout's array shape");
  cmd->add_option("layout", a->layout, "layout file (.toml)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--part", a->part, "xcu55c, xcu250, xc7k325t or xc7a100t")->required();
  cmd->add_option("--clock-mhz", a->clock_mhz, "clock the step rate is computed at (not a timing result)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--results", a->results, "synthesis results written by `make synth`")->capture_default_str();
  cmd->callback([a] { run_estimate(*a); });
}

}  // namespace ionarray::cli
