// ionarray.estimate(layout, part): the figures `ionarray estimate` prints, as a dict: resources
// of the engine, a tile, the array core and the array, how many tiles fit the part, the clock band
// the synthesized netlists' path depth supports, the step rate, and real-time capacity per part.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "estimate/chip_estimate.hpp"
#include "io/input_error.hpp"
#include "layout_handle.hpp"

namespace py = pybind11;

namespace ionarray::python {
namespace {

// The engine sharings `ionarray estimate` compares for real time.
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

py::list real_time(const std::vector<estimate::RealTimeFit>& fits, int columns) {
  py::list out;
  for (const auto& f : fits) {
    py::dict entry;
    entry["part"] = f.part;
    if (!f.error.empty()) {
      entry["error"] = f.error;
    } else {
      entry["tiles"] = f.tiles, entry["neurons"] = f.tiles * columns, entry["tiles_per_engine"] = f.tiles_per_engine;
      entry["limit"] = f.limit, entry["tiles_by_resources"] = f.tiles_by_resources;
      entry["cycles_per_step_budget"] = f.cycle_budget, entry["clock_mhz"] = f.clock_mhz;
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
  const double dt = layout.spec.neuron.circuit.dt;
  const estimate::TileOptions options{.row_levels = row_voltage_levels(layout.spec),
                                      .plastic_rows = plastic_rows_per_tile(layout.spec)};
  const estimate::ChipEstimate e = estimate::estimate_chip(
      results, part, {.tiles = tiles, .rows = rows, .columns = columns, .dt_s = dt, .options = options}, tiles_per_engine,
      clock_mhz);

  py::dict out;
  out["layout"] = layout.path, out["part"] = part.name, out["family"] = part.family, out["description"] = part.description;
  out["tiles"] = tiles, out["rows"] = rows, out["columns"] = columns, out["tiles_per_engine"] = tiles_per_engine;
  out["engine"] = resources(e.engine), out["tile"] = resources(e.tile), out["array_core"] = resources(e.core);
  out["array"] = resources(e.array), out["part_totals"] = resources({part.luts, part.ffs, part.dsps, part.bram36});
  py::dict fits;
  fits["tiles"] = e.fit.tiles, fits["limit"] = e.fit.limit, fits["per_tile"] = e.fit.per_tile, fits["available"] = e.fit.available;
  out["fit"] = fits;
  out["clock_band"] = clock_band(e.band);
  out["clock_mhz"] = e.clock_mhz;
  out["cycles_per_step"] = e.cycles_per_step;
  out["row_levels"] = options.row_levels, out["plastic_rows"] = options.plastic_rows;
  out["steps_per_s"] = e.steps_per_s;
  out["neuron_updates_per_s"] = e.steps_per_s * tiles * columns;
  out["dt_s"] = dt;
  out["real_time"] = real_time(estimate::real_time_fits(results, clock_mhz, dt, rows, columns, options, false), columns);
  if (clock_mhz <= 0 && e.core_limits_clock) {  // what the engine and tiles alone would support
    out["engine_and_tiles_clock_band"] = clock_band(e.engine_and_tiles_band);
    out["engine_and_tiles_real_time"] = real_time(estimate::real_time_fits(results, 0, dt, rows, columns, options, true), columns);
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
