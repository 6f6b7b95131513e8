// ionarray.Layout: a layout file or a dict of the same tables, read and validated by the C++
// layout reader (host/layout), so both give the same chip and the same errors.
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "io/input_error.hpp"
#include "layout/layout_toml.hpp"
#include "layout_handle.hpp"
#include "toml_from_python.hpp"

namespace py = pybind11;

namespace ionarray::python {
namespace {

constexpr const char* kFromDict = "Layout.from_dict";

std::string path_text(const py::handle& path) {
  if (!py::isinstance<py::str>(path) && !py::hasattr(path, "__fspath__"))
    throw py::type_error(fmt::format("path: a str or os.PathLike is needed, not {}",
                                     py::str(py::type::handle_of(path).attr("__name__")).cast<std::string>()));
  return py::module_::import("os").attr("fspath")(path).cast<std::string>();
}

LayoutHandle load(const py::handle& path) {
  return {std::make_shared<const Layout>(load_layout(path_text(path)))};
}

LayoutHandle from_dict(const py::handle& tables, const py::object& base_dir) {
  const toml::value root = toml_from_python(tables, kFromDict);
  // Relative file names (CSV inputs, parameter files) are read from base_dir, else the working folder.
  const std::string source = base_dir.is_none() ? std::string(kFromDict)
                                                : (std::filesystem::path(path_text(base_dir)) / kFromDict).string();
  return read_in_memory(source, [&] { return LayoutHandle{std::make_shared<const Layout>(read_layout(root, source))}; });
}

py::array_t<int> recorded_neurons(const Layout& l) {
  py::array_t<int> out({static_cast<py::ssize_t>(l.record.neurons.size()), py::ssize_t{2}});
  auto o = out.mutable_unchecked<2>();
  for (std::size_t k = 0; k < l.record.neurons.size(); ++k) {
    o(static_cast<py::ssize_t>(k), 0) = l.record.neurons[k].tile;
    o(static_cast<py::ssize_t>(k), 1) = l.record.neurons[k].neuron;
  }
  return out;
}

}  // namespace

LayoutHandle layout_from_python(const py::handle& value) {
  if (py::isinstance<LayoutHandle>(value)) return value.cast<LayoutHandle>();
  if (py::isinstance<py::dict>(value)) return from_dict(value, py::none());
  if (py::isinstance<py::str>(value) || py::hasattr(value, "__fspath__")) return load(value);
  throw py::type_error(fmt::format("layout: an ionarray.Layout, a path or a dict is needed, not {}",
                                   py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>()));
}

void bind_layout(py::module_& m) {
  py::class_<LayoutHandle>(m, "Layout",
                           "A chip and how to run it: tiles, crossbars, neurons, synapses, routing, inputs,\n"
                           "recording and run length. Read from a layout file (Layout.load) or a dict of the\n"
                           "same tables (Layout.from_dict); both are validated by the same reader, and a bad\n"
                           "field raises ValueError naming the field and what is allowed.")
      .def_static("load", &load, py::arg("path"),
                  "Layout.load(path) -> Layout\n\nReads a layout file (TOML; see examples/*.toml). ValueError names file, "
                  "line, field and what is allowed.")
      .def_static("from_dict", &from_dict, py::arg("tables"), py::arg("base_dir") = py::none(),
                  "Layout.from_dict(tables, base_dir=None) -> Layout\n\n"
                  "The tables of a layout file as a dict, e.g.\n"
                  "  {'chip': {'tiles': [1, 1], 'rows': 8, 'columns': 8}, 'neurons': {'set': 'lif'},\n"
                  "   'synapses': {'kind': 'identity'}, 'pulses': {}, 'run': {'steps': 1000, 'seed': 1}}\n"
                  "Same schema and validation as a file; relative file names inside are read from base_dir\n"
                  "(default: the working folder). ValueError names the dotted field and what is allowed.")
      .def_property_readonly("path", [](const LayoutHandle& h) { return h.layout->path; }, "the file it was read from")
      .def_property_readonly("tiles", [](const LayoutHandle& h) { return h.layout->spec.tiles; }, "number of tiles")
      .def_property_readonly("grid", [](const LayoutHandle& h) { return py::make_tuple(h.layout->grid_rows, h.layout->grid_columns); },
                             "(rows, columns) of the tile grid")
      .def_property_readonly("rows", [](const LayoutHandle& h) { return h.layout->spec.rows; }, "crossbar rows per tile")
      .def_property_readonly("columns", [](const LayoutHandle& h) { return h.layout->spec.columns; },
                             "crossbar columns per tile: neurons per tile")
      .def_property_readonly("neurons", [](const LayoutHandle& h) { return h.layout->spec.neurons(); }, "neurons in the chip")
      .def_property_readonly("steps", [](const LayoutHandle& h) { return h.layout->steps; }, "[run] steps")
      .def_property_readonly("seed", [](const LayoutHandle& h) { return h.layout->seed; }, "[run] seed")
      .def_property_readonly("dt", [](const LayoutHandle& h) { return h.layout->spec.neuron.circuit.dt; }, "seconds per step")
      .def_property_readonly("neuron_set", [](const LayoutHandle& h) { return h.layout->spec.neuron.name; },
                             "the [neurons] parameter set's name")
      .def_property_readonly("recorded_neurons", [](const LayoutHandle& h) { return recorded_neurons(*h.layout); },
                             "[record] neurons as an (n, 2) array of (tile, neuron)")
      .def_property_readonly("record_fields",
                             [](const LayoutHandle& h) {
                               py::list out;
                               for (auto f : h.layout->record.fields) out.append(std::string(trace_field_name(f)));
                               return out;
                             },
                             "[record] fields (vm, f, r, s, g)")
      .def_property_readonly("decimation", [](const LayoutHandle& h) { return h.layout->record.decimation; },
                             "[record] decimation: a sample every that many steps")
      .def("__repr__", [](const LayoutHandle& h) {
        const auto& l = *h.layout;
        return fmt::format("<ionarray.Layout {}: {} tiles ({} x {}) of {} x {}, set '{}', {} steps, seed {}>", l.path, l.spec.tiles,
                           l.grid_rows, l.grid_columns, l.spec.rows, l.spec.columns, l.spec.neuron.name, l.steps, l.seed);
      });
}

}  // namespace ionarray::python
