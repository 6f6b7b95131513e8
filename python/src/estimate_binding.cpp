// ionarray.estimate(layout, part): the figures `ionarray estimate` prints, as a dict: resources
// of the engine, a tile, the array core and the array, how many tiles fit the part, the clock band
// the synthesized netlists' path depth supports, the step rate, and real-time capacity per part.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "estimate/estimate.hpp"
#include "io/input_error.hpp"
#include "layout_handle.hpp"

namespace py = pybind11;

namespace ionarray::python {
namespace {

// The engine sharings `ionarray estimate` compares for real time.
constexpr int kSharings[] = {1, 2, 4, 8, 16};

py::dict resources(const estimate::Resources& r) {
  py::dict out;
  out["luts"] = r.luts, out["ffs"] = r.ffs, out["dsps"] = r.dsps, out["bram36"] = r.bram36;
  return out;
}

py::dict clock_band(const estimate::ClockBand& band) {
  py::dict clock;
  clock["levels"] = band.levels, clock["where"] = band.where, clock["path"] = band.path;
  clock["low_mhz"] = band.low_mhz, clock["high_mhz"] = band.high_mhz;
  clock["sta_ns"] = band.sta_ns >= 0 ? py::object(py::float_(band.sta_ns)) : py::object(py::none());
  return clock;
}

// For each known part, as `ionarray estimate` lists them: the most tiles of the shape that both fit
// and step in real time at dt, and the tiles per engine that gives them.
// (tiles_only: the clock band of the engine and tile netlists alone)
py::list real_time(const estimate::SynthResults& results, double clock_mhz, double dt, int rows, int columns, bool tiles_only) {
  py::list out;
  for (const auto& p : estimate::known_parts()) {
    py::dict entry;
    entry["part"] = p.name;
    try {
      const estimate::ClockBand b = estimate::derive_clock(results, p.family, tiles_only);
      const double mhz = clock_mhz > 0 ? clock_mhz : b.low_mhz;
      const auto budget = static_cast<long>(std::floor(mhz * 1e6 * dt));
      long best = -1, best_by_time = 0;
      int best_sharing = 1;
      estimate::PartFit best_fit;
      for (const int k : kSharings) {
        const long by_time = estimate::tiles_within_cycles(budget, rows, columns, k);
        const estimate::PartFit by_resources = estimate::fit_tiles(results, p, rows, columns, k);
        if (std::min(by_time, by_resources.tiles) <= best) continue;
        best = std::min(by_time, by_resources.tiles);
        best_by_time = by_time, best_sharing = k, best_fit = by_resources;
      }
      entry["tiles"] = best, entry["neurons"] = best * columns, entry["tiles_per_engine"] = best_sharing;
      entry["limit"] = best_by_time < best_fit.tiles ? std::string("step time") : best_fit.limit;
      entry["tiles_by_resources"] = best_fit.tiles, entry["cycles_per_step_budget"] = budget, entry["clock_mhz"] = mhz;
    } catch (const InputError& e) {
      entry["error"] = e.what();
    }
    out.append(entry);
  }
  return out;
}

py::dict estimate_layout(const py::handle& layout_arg, const std::string& part_name, double clock_mhz, int tiles_per_engine,
                         const std::string& results_path) {
  const estimate::Part& part = estimate::find_part(part_name);
  const LayoutHandle handle = layout_from_python(layout_arg);  // (keeps the layout alive)
  const Layout& layout = *handle.layout;
  if (clock_mhz < 0) throw py::value_error(fmt::format("clock_mhz: {:g}; allowed: more than 0, or 0 for the low end of the clock band", clock_mhz));
  const int tiles = layout.spec.tiles, rows = layout.spec.rows, columns = layout.spec.columns;
  if (tiles_per_engine < 1 || tiles % tiles_per_engine != 0)
    throw py::value_error(fmt::format("tiles_per_engine: {} does not divide the layout's {} tiles: an engine serves whole tiles",
                                      tiles_per_engine, tiles));
  const estimate::SynthResults results = estimate::load_synth_results(results_path);
  const estimate::Resources engine = estimate::engine_resources(results, part.family);
  const estimate::Resources shell = estimate::fit_shell_model(results, part.family).at(rows, columns);
  const estimate::ArrayShellModel array_shell = estimate::fit_array_shell_model(results, part.family);
  const estimate::Resources tile = engine * (1.0 / tiles_per_engine) + shell;
  const estimate::Resources core = array_shell.at(tiles, columns);
  const estimate::Resources array = core + tile * tiles;
  const estimate::PartFit fit = estimate::fit_tiles(results, part, rows, columns, tiles_per_engine);
  const long cycles = estimate::cycles_per_step(tiles, rows, columns, tiles_per_engine);
  const estimate::ClockBand band = estimate::derive_clock(results, part.family);
  const double mhz = clock_mhz > 0 ? clock_mhz : band.low_mhz;
  const double steps_per_s = mhz * 1e6 / static_cast<double>(cycles);

  py::dict out;
  out["layout"] = layout.path, out["part"] = part.name, out["family"] = part.family, out["description"] = part.description;
  out["tiles"] = tiles, out["rows"] = rows, out["columns"] = columns, out["tiles_per_engine"] = tiles_per_engine;
  out["engine"] = resources(engine), out["tile"] = resources(tile), out["array_core"] = resources(core);
  out["array"] = resources(array), out["part_totals"] = resources({part.luts, part.ffs, part.dsps, part.bram36});
  py::dict fits;
  fits["tiles"] = fit.tiles, fits["limit"] = fit.limit, fits["per_tile"] = fit.per_tile, fits["available"] = fit.available;
  out["fit"] = fits;
  out["clock_band"] = clock_band(band);
  out["clock_mhz"] = mhz;
  out["cycles_per_step"] = cycles;
  out["steps_per_s"] = steps_per_s;
  out["neuron_updates_per_s"] = steps_per_s * tiles * columns;
  out["dt_s"] = layout.spec.neuron.circuit.dt;
  out["real_time"] = real_time(results, clock_mhz, layout.spec.neuron.circuit.dt, rows, columns, false);
  if (clock_mhz <= 0) {
    // Where the array core's path is the deepest: what the engine and tiles alone would support.
    const estimate::ClockBand tiles_band = estimate::derive_clock(results, part.family, true);
    if (tiles_band.levels < band.levels) {
      out["engine_and_tiles_clock_band"] = clock_band(tiles_band);
      out["engine_and_tiles_real_time"] = real_time(results, 0, layout.spec.neuron.circuit.dt, rows, columns, true);
    }
  }
  return out;
}

}  // namespace

void bind_estimate(py::module_& m) {
  m.def("estimate", &estimate_layout, py::arg("layout"), py::arg("part"), py::kw_only(), py::arg("clock_mhz") = 0.0,
        py::arg("tiles_per_engine") = 1, py::arg("results") = IONARRAY_SOURCE_DIR "/synth/results.json",
        "estimate(layout, part, *, clock_mhz=0, tiles_per_engine=1, results=<synth/results.json>) -> dict\n\n"
        "The layout's array on an FPGA part ('xcu55c', 'xcu250', 'xc7k325t', 'xc7a100t'), as `ionarray estimate`:\n"
        "LUT, FF, DSP and BRAM36 of the engine, a tile, the array core and the array (dicts), how many tiles fit\n"
        "(fit), the clock band from the netlists' path depth (clock_band), cycles_per_step, steps_per_s at\n"
        "clock_mhz (0: the band's low end), and real_time: per part, the most tiles that step in real time at\n"
        "the layout's dt. From make synth's results; timing closure needs Vivado.");
}

}  // namespace ionarray::python
