#include "python_values.hpp"

#include <algorithm>

#include "io/param_file.hpp"
#include "toml_from_python.hpp"

namespace py = pybind11;

namespace ionarray::python {

py::object python_from_json(const nlohmann::json& j) { return py::module_::import("json").attr("loads")(j.dump()); }

py::array_t<double> numpy_vector(const std::vector<double>& v) {
  return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
}

py::object numpy_rows(const std::vector<const std::vector<double>*>& rows) {
  const bool equal = std::all_of(rows.begin(), rows.end(), [&](const auto* r) { return r->size() == rows.front()->size(); });
  if (rows.empty() || !equal) {
    py::list out;
    for (const auto* r : rows) out.append(numpy_vector(*r));
    return out;
  }
  const auto width = rows.front()->size();
  py::array_t<double> out({static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(width)});
  for (std::size_t k = 0; k < rows.size(); ++k) std::copy(rows[k]->begin(), rows[k]->end(), out.mutable_data() + k * width);
  return out;
}

reference::ParameterSet parameter_set_from_python(const py::handle& set, const std::string& argument) {
  if (py::isinstance<py::dict>(set)) {
    const auto table = toml_from_python(set, argument);
    return read_in_memory(argument, [&] { return parameter_set_from_table(table, argument, "inline"); });
  }
  if (py::isinstance<py::str>(set) || py::hasattr(set, "__fspath__"))
    return resolve_parameter_set(py::module_::import("os").attr("fspath")(set).cast<std::string>());
  throw py::type_error(argument + ": a set name, a parameter file path or a dict of its tables is needed");
}

void check_signals() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

StopRequest stop_on_signal(long every) {
  return [every, calls = 0L]() mutable {
    if (++calls % every != 0) return false;
    py::gil_scoped_acquire gil;
    return PyErr_Occurred() != nullptr || PyErr_CheckSignals() != 0;
  };
}

void raise_if_interrupted() {
  if (PyErr_Occurred()) throw py::error_already_set();
}

}  // namespace ionarray::python
