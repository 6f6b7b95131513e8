#include "python_inputs.hpp"

#include <fmt/format.h>
#include <pybind11/numpy.h>

namespace py = pybind11;

namespace ionarray::python {

std::vector<InputEvent> input_events(const py::handle& events, const char* argument) {
  if (events.is_none()) return {};
  const auto np = py::module_::import("numpy");
  py::array a;
  try {
    a = np.attr("asarray")(events);
  } catch (const py::error_already_set& e) {
    throw py::value_error(fmt::format("{}: not an array of (step, tile, row): {}", argument, e.what()));
  }
  if (a.size() == 0) return {};
  if (a.ndim() == 1 && a.shape(0) == 3) a = a.attr("reshape")(1, 3);  // one event
  if (a.ndim() != 2 || a.shape(1) != 3)
    throw py::value_error(fmt::format("{}: an (n, 3) array of (step, tile, row) is needed; got shape {}", argument,
                                      py::str(a.attr("shape")).cast<std::string>()));
  if (!np.attr("issubdtype")(a.dtype(), np.attr("integer")).cast<bool>())
    throw py::value_error(fmt::format("{}: steps, tiles and rows are integers; got dtype {}", argument,
                                      py::str(a.dtype()).cast<std::string>()));
  const auto values = py::array_t<long long, py::array::c_style | py::array::forcecast>::ensure(a);
  const auto v = values.unchecked<2>();
  std::vector<InputEvent> out;
  out.reserve(static_cast<std::size_t>(v.shape(0)));
  for (py::ssize_t k = 0; k < v.shape(0); ++k) {
    if (v(k, 0) < 0 || v(k, 1) < 0 || v(k, 2) < 0)
      throw py::value_error(fmt::format("{}[{}]: ({}, {}, {}): steps, tiles and rows are at least 0", argument, k, v(k, 0),
                                        v(k, 1), v(k, 2)));
    if (v(k, 1) > INT32_MAX || v(k, 2) > INT32_MAX)
      throw py::value_error(fmt::format("{}[{}]: tile {} or row {} is beyond any chip", argument, k, v(k, 1), v(k, 2)));
    out.push_back({static_cast<std::uint64_t>(v(k, 0)), static_cast<int>(v(k, 1)), static_cast<int>(v(k, 2))});
  }
  return out;
}

}  // namespace ionarray::python
