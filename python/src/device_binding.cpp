// ionarray.open(uri) -> Device: one device API over every backend URI (reference://, fixed://,
// verilator://, systemc://, usb://, xrt://), as a context manager. The GIL is released while the
// device works; Ctrl-C is checked between exchanges and stops a run with what it recorded kept.
#include <string>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "device_session.hpp"
#include "layout_handle.hpp"
#include "python_inputs.hpp"
#include "python_values.hpp"
#include "spikes.hpp"
#include "traces.hpp"
#include "backends/open_device.hpp"

namespace py = pybind11;

namespace ionarray::python {
namespace {

using SessionClass = py::class_<DeviceSession, std::shared_ptr<DeviceSession>>;

// A backend name as `ionarray run --backend` takes it ("fixed") or a whole URI.
std::shared_ptr<DeviceSession> open(const std::string& uri) {
  const std::string full = uri.find("://") == std::string::npos ? uri + "://" : uri;
  std::unique_ptr<Device> device;
  {
    py::gil_scoped_release release;  // (a board is connected here)
    device = open_device(full);
  }
  return std::make_shared<DeviceSession>(std::move(device));
}

Spikes run(DeviceSession& s, const py::object& steps, const py::object& inputs) {
  const Layout& l = s.layout();
  const long n = steps.is_none() ? l.steps : steps.cast<long>();
  if (n < 0) throw py::value_error(fmt::format("steps: {} is negative; allowed 0 or more (None: the layout's [run] steps, {})", n, l.steps));
  auto events = input_events(inputs, "inputs");
  std::vector<SpikeEvent> spikes;
  {
    py::gil_scoped_release release;
    spikes = s.run(static_cast<std::uint64_t>(n), std::move(events), check_signals);
  }
  return Spikes(std::move(spikes), l.spec.columns, l.spec.neuron.circuit.dt);
}

py::dict counters(const Device& d) {
  const auto c = d.counters();
  py::dict out;
  out["steps"] = c.steps, out["spikes_in"] = c.spikes_in, out["spikes_out"] = c.spikes_out, out["overflows"] = c.overflows;
  out["saturations"] = c.saturations, out["errors"] = c.errors, out["link_errors"] = c.link_errors;
  return out;
}

py::dict info(const DeviceSession& s) {
  if (s.closed()) throw py::value_error("info: the device is closed; open it again with ionarray.open(uri)");
  const Device& d = s.device();
  const auto caps = d.capabilities();
  py::dict out;
  out["uri"] = d.uri();
  out["description"] = caps.description;
  out["max_tiles"] = caps.max_tiles, out["max_rows"] = caps.max_rows, out["max_columns"] = caps.max_columns;
  out["step"] = d.current_step();
  out["model_cycles"] = d.model_cycles();
  out["can_read_state"] = d.can_read_state();
  out["counters"] = counters(d);
  out["layout"] = s.loaded() ? py::object(py::str(s.layout().path)) : py::object(py::none());
  if (const auto* clock = d.simulated_clock()) out["simulated_time_s"] = clock->now_s();
  return out;
}

// The figures of `ionarray run`'s summary.json that do not depend on wall time, for the steps run so far.
py::dict summary(const DeviceSession& s) {
  const Layout& l = s.layout();
  const auto spikes = s.spikes();
  const auto steps = s.device().current_step();
  const double dt = l.spec.neuron.circuit.dt, simulated = dt * static_cast<double>(steps);
  std::vector<double> per_tile(static_cast<std::size_t>(l.spec.tiles), 0.0), rate(per_tile.size(), 0.0);
  for (const auto& e : spikes) per_tile[static_cast<std::size_t>(e.tile)] += 1;
  for (std::size_t t = 0; t < per_tile.size(); ++t) rate[t] = simulated > 0 ? per_tile[t] / l.spec.columns / simulated : 0.0;
  const auto c = s.device().counters();
  py::dict out;
  out["layout"] = l.path, out["device"] = s.device().uri(), out["steps"] = steps, out["dt_s"] = dt;
  out["tiles"] = l.spec.tiles, out["grid"] = py::make_tuple(l.grid_rows, l.grid_columns), out["neurons"] = l.spec.neurons();
  out["spikes"] = spikes.size(), out["spikes_per_tile"] = per_tile, out["rate_hz_per_tile"] = rate;
  out["rate_hz"] = simulated > 0 ? static_cast<double>(spikes.size()) / l.spec.neurons() / simulated : 0.0;
  out["dropped_events"] = c.overflows, out["saturations"] = c.saturations;
  return out;
}

Traces traces(const DeviceSession& s) {
  const Layout& l = s.layout();
  std::vector<std::string> fields;
  for (auto f : l.record.fields) fields.emplace_back(trace_field_name(f));
  if (!s.recording()) return Traces({}, {}, fields, l.spec.neuron.circuit.dt);
  return Traces(s.traces(), l.record.neurons, fields, l.spec.neuron.circuit.dt);
}

py::dict read_state(DeviceSession& s, int tile, int neuron) {
  StateProbe p;
  {
    py::gil_scoped_release release;
    p = s.read_state(tile, neuron);
  }
  py::dict out;
  out["vm"] = p.vm, out["f"] = p.f, out["r"] = p.r, out["s"] = p.s, out["g"] = p.g, out["current"] = p.g * p.vm;
  return out;
}

py::array_t<double> read_conductances(DeviceSession& s, int tile) {
  std::vector<double> g;
  {
    py::gil_scoped_release release;
    g = s.read_conductances(tile);
  }
  const auto columns = static_cast<py::ssize_t>(s.layout().spec.columns);
  py::array_t<double> out({static_cast<py::ssize_t>(g.size()) / columns, columns});
  std::copy(g.begin(), g.end(), out.mutable_data());
  return out;
}

}  // namespace

void bind_device(py::module_& m) {
  bind_traces(m);
  SessionClass(m, "Device",
               "A device opened by URI (ionarray.open): the same calls on every backend. Use it as a\n"
               "context manager (closed on exit). load(layout), run(steps, inputs) -> Spikes, reset(seed),\n"
               "info(); everything recorded since the last load or reset stays readable in .spikes and\n"
               ".traces, also after a DeviceError or Ctrl-C stopped a run.")
      .def("load", [](DeviceSession& s, const py::handle& layout, bool record) {
             auto handle = layout_from_python(layout);
             py::gil_scoped_release release;
             s.load(handle.layout, record);
           },
           py::arg("layout"), py::arg("record") = true,
           "load(layout, record=True)\n\nChecks the layout against this device's capacity (ValueError naming the limit), "
           "configures the chip and resets it to step 0 with the layout's seed. layout: an ionarray.Layout, a path or a "
           "dict. record: sample the layout's [record] neurons (Device.traces).")
      .def("run", &run, py::arg("steps") = py::none(), py::arg("inputs") = py::none(),
           "run(steps=None, inputs=None) -> Spikes\n\nAdvances `steps` steps (None: the layout's [run] steps) with the "
           "layout's [[input]] events and `inputs`, an (n, 3) array-like of (step, tile, row) with absolute steps in "
           "[Device.step, Device.step + steps). Returns the spikes of these steps in step order. The GIL is released "
           "while the device works; Ctrl-C stops the run at the end of its current exchange (KeyboardInterrupt), a "
           "device fault raises DeviceError; either way Device.spikes and Device.traces keep what was recorded.")
      .def("reset", [](DeviceSession& s, std::uint64_t seed) {
             py::gil_scoped_release release;
             s.reset(seed);
           },
           py::arg("seed"), "reset(seed)\n\nThe loaded chip back at step 0 with another seed (noise streams, device-to-device "
                            "draws); the recorded spikes and traces are cleared.")
      .def("info", &info, "info() -> dict\n\nuri, description, capacity (max_tiles, max_rows, max_columns; 0: memory only), "
                          "step, model_cycles, can_read_state, counters, layout.")
      .def("summary", &summary, "summary() -> dict\n\nThe figures of `ionarray run`'s summary.json for the steps run so far "
                                "(spikes, spikes_per_tile, rate_hz_per_tile, rate_hz, ...), wall-time figures left out.")
      .def("read_state", &read_state, py::arg("tile"), py::arg("neuron"),
           "read_state(tile, neuron) -> dict\n\nThe neuron's state now: vm (V), f, r, s, g (S), current = g * vm (A).")
      .def("read_conductances", &read_conductances, py::arg("tile"),
           "read_conductances(tile) -> numpy.ndarray\n\nThe tile's synapse conductances now (S), shape (rows, columns): "
           "those of a [plasticity] tile move as the neurons' spikes program them. reference:// and fixed:// "
           "(DeviceError elsewhere).")
      .def("close", [](DeviceSession& s) {
             py::gil_scoped_release release;
             s.close();
           },
           "close()\n\nStops a running stream and releases the device (a board is disconnected).")
      .def("__enter__", [](std::shared_ptr<DeviceSession> s) { return s; })
      .def("__exit__", [](DeviceSession& s, const py::args&) {
        py::gil_scoped_release release;
        s.close();
      })
      .def_property_readonly("step", [](const DeviceSession& s) { return s.closed() ? 0 : s.device().current_step(); },
                             "steps run since load or reset")
      .def_property_readonly("uri", [](const DeviceSession& s) { return s.closed() ? std::string() : s.device().uri(); })
      .def_property_readonly("closed", &DeviceSession::closed)
      .def_property_readonly("layout", [](const DeviceSession& s) {
        return s.loaded() ? py::cast(LayoutHandle{s.layout_ptr()}) : py::object(py::none());
      }, "the loaded Layout, or None")
      .def_property_readonly("spikes", [](const DeviceSession& s) {
        const Layout& l = s.layout();
        return Spikes(s.spikes(), l.spec.columns, l.spec.neuron.circuit.dt);
      }, "every spike since the last load or reset (Spikes)")
      .def_property_readonly("traces", &traces, "state traces of the layout's [record] neurons since the last load or reset")
      .def_property_readonly("counters", [](const DeviceSession& s) {
        if (s.closed()) throw py::value_error("counters: the device is closed");
        return counters(s.device());
      }, "the device's counters (steps, spikes_in, spikes_out, overflows, saturations, errors, link_errors)")
      .def("__repr__", [](const DeviceSession& s) {
        return s.closed() ? std::string("<ionarray.Device (closed)>")
                          : fmt::format("<ionarray.Device {} at step {}>", s.device().uri(), s.device().current_step());
      });

  m.def("open", &open, py::arg("uri"),
        "open(uri) -> Device\n\n"
        "Opens a device by URI: reference:// (double-precision model), fixed:// (the hardware's fixed-point\n"
        "array over host-link packets), verilator:// (the RTL), systemc://[?link=pcie|usb3] (the board-level\n"
        "RTL behind timed link models), usb://[VID:PID[/SERIAL]] and xrt://[DEVICE]?xclbin=PATH (boards).\n"
        "A bare name ('fixed') means its URI ('fixed://'). A malformed URI raises ValueError listing the\n"
        "forms; a board that cannot be reached raises DeviceError saying why. Use as a context manager:\n\n"
        "    with ionarray.open('fixed://') as dev:\n"
        "        dev.load(ionarray.Layout.load('examples/chain.toml'))\n"
        "        spikes = dev.run(1000)\n"
        "        print(spikes.times, spikes.ids)");
}

}  // namespace ionarray::python
