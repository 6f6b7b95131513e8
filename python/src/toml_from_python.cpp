#include "toml_from_python.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace py = pybind11;

namespace ionarray::python {
namespace {

[[noreturn]] void refuse(const std::string& where, const std::string& key, const std::string& message) {
  throw py::value_error(fmt::format("{}: {}: {}", where, key.empty() ? "(top level)" : key, message));
}

toml::value convert(const py::handle& v, const std::string& where, const std::string& key) {
  if (py::isinstance<py::bool_>(v)) return toml::value(v.cast<bool>());  // before int: bool is an int in Python
  if (py::isinstance<py::str>(v)) return toml::value(v.cast<std::string>());
  if (py::isinstance<py::float_>(v)) return toml::value(v.cast<double>());  // numpy.float64 too
  if (py::hasattr(v, "tolist") && py::hasattr(v, "ndim") && v.attr("ndim").cast<int>() > 0)  // numpy arrays
    return convert(v.attr("tolist")(), where, key);
  if (PyIndex_Check(v.ptr())) {  // int and numpy integers
    PyObject* index = PyNumber_Index(v.ptr());
    if (!index) throw py::error_already_set();
    try {
      return toml::value(static_cast<std::int64_t>(py::reinterpret_steal<py::int_>(index).cast<long long>()));
    } catch (const py::cast_error&) {
      refuse(where, key, fmt::format("{} does not fit a 64-bit integer", py::str(v).cast<std::string>()));
    }
  }
  if (py::isinstance<py::dict>(v)) {
    toml::table table;
    for (const auto& [k, item] : v.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k))
        refuse(where, key, fmt::format("key {} is not a string; layout keys are strings", py::repr(k).cast<std::string>()));
      const auto name = k.cast<std::string>();
      table.emplace(name, convert(item, where, key.empty() ? name : key + "." + name));
    }
    return toml::value(std::move(table));
  }
  if (py::hasattr(v, "__fspath__")) return toml::value(py::module_::import("os").attr("fspath")(v).cast<std::string>());
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    toml::array array;
    std::size_t index = 0;
    for (const auto& item : v) array.push_back(convert(item, where, fmt::format("{}[{}]", key, index++)));
    return toml::value(std::move(array));
  }
  refuse(where, key, fmt::format("{} ({}) cannot be given; allowed: dict, list, tuple, str, int, float, bool, path",
                                 py::repr(v).cast<std::string>(), py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>()));
}

}  // namespace

toml::value toml_from_python(const py::handle& value, const std::string& where) {
  if (!py::isinstance<py::dict>(value))
    refuse(where, "", fmt::format("a dict is needed, not {}", py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>()));
  return convert(value, where, "");
}

}  // namespace ionarray::python
