#include "traces.hpp"

#include <fmt/format.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace ionarray::python {

Traces::Traces(TraceSamples samples, std::vector<TracedNeuron> neurons, std::vector<std::string> fields, double dt)
    : samples_(std::move(samples)), neurons_(std::move(neurons)), fields_(std::move(fields)), dt_(dt) {}

py::array_t<std::uint64_t> Traces::steps() const { return py::array_t<std::uint64_t>(static_cast<py::ssize_t>(samples()), samples_.steps.data()); }

py::array_t<double> Traces::times() const {
  py::array_t<double> out(static_cast<py::ssize_t>(samples()));
  for (std::size_t k = 0; k < samples(); ++k) out.mutable_data()[k] = static_cast<double>(samples_.steps[k]) * dt_;
  return out;
}

py::array_t<int> Traces::neurons() const {
  py::array_t<int> out({static_cast<py::ssize_t>(neurons_.size()), py::ssize_t{2}});
  auto o = out.mutable_unchecked<2>();
  for (std::size_t k = 0; k < neurons_.size(); ++k) {
    o(static_cast<py::ssize_t>(k), 0) = neurons_[k].tile;
    o(static_cast<py::ssize_t>(k), 1) = neurons_[k].neuron;
  }
  return out;
}

py::array_t<double> Traces::field(const std::string& name) const {
  double (*value)(const StateProbe&) = nullptr;
  if (name == "vm") value = [](const StateProbe& p) { return p.vm; };
  else if (name == "f") value = [](const StateProbe& p) { return p.f; };
  else if (name == "r") value = [](const StateProbe& p) { return p.r; };
  else if (name == "s") value = [](const StateProbe& p) { return p.s; };
  else if (name == "g") value = [](const StateProbe& p) { return p.g; };
  else if (name == "current") value = [](const StateProbe& p) { return p.g * p.vm; };  // the device's current: it sits across Vm
  else throw py::value_error(fmt::format("field: '{}' is not traced; allowed: vm, f, r, s, g, current", name));
  const auto n = neurons_.size();
  py::array_t<double> out({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(samples())});
  auto o = out.mutable_unchecked<2>();
  for (std::size_t k = 0; k < samples(); ++k)
    for (std::size_t j = 0; j < n; ++j) o(static_cast<py::ssize_t>(j), static_cast<py::ssize_t>(k)) = value(samples_.states[k * n + j]);
  return out;
}

void bind_traces(py::module_& m) {
  auto traces = py::class_<Traces>(m, "Traces",
                                   "State traces of the layout's [record] neurons, sampled after step 0 and every\n"
                                   "`decimation` steps. vm, f, r, s, g, current: 2-D arrays (neuron, sample); neurons:\n"
                                   "(n, 2) array of (tile, neuron) in [record] order; steps, times: per sample.");
  traces.def_property_readonly("steps", &Traces::steps, "the step count after which each sample was taken")
      .def_property_readonly("times", &Traces::times, "steps * dt (s)")
      .def_property_readonly("neurons", &Traces::neurons, "(n, 2) array of (tile, neuron)")
      .def_property_readonly("fields", &Traces::fields, "the fields the layout's [record] names")
      .def("field", &Traces::field, py::arg("name"), "one field by name: vm, f, r, s, g or current")
      .def("__len__", &Traces::samples);
  const std::pair<const char*, const char*> fields[] = {
      {"vm", "membrane voltage (V)"}, {"f", "filament fraction"}, {"r", "residue"}, {"s", "cross-section"},
      {"g", "the neuron device's conductance (S)"}, {"current", "the device's current, g * vm (A)"}};
  for (const auto& [name, doc] : fields) {
    const std::string field_name = name;
    traces.def_property_readonly(name, [field_name](const Traces& t) { return t.field(field_name); }, doc);
  }
}

}  // namespace ionarray::python
