#include "python_inputs.hpp"

#include <fmt/format.h>
#include <pybind11/numpy.h>

namespace py = pybind11;

namespace ionarray::python {

namespace {

long long whole(const py::handle& value, const char* argument, std::size_t k) {
  if (!PyIndex_Check(value.ptr()) || py::isinstance<py::bool_>(value))
    throw py::value_error(fmt::format("{}[{}]: steps, tiles and rows are integers; got {}", argument, k,
                                      py::repr(value).cast<std::string>()));
  return value.cast<long long>();
}

InputEvent checked(long long step, long long tile, long long row, const char* argument, std::size_t k) {
  if (step < 0 || tile < 0 || row < 0)
    throw py::value_error(fmt::format("{}[{}]: ({}, {}, {}): steps, tiles and rows are at least 0", argument, k, step, tile, row));
  if (tile > INT32_MAX || row > INT32_MAX)
    throw py::value_error(fmt::format("{}[{}]: tile {} or row {} is beyond any chip", argument, k, tile, row));
  return {static_cast<std::uint64_t>(step), static_cast<int>(tile), static_cast<int>(row)};
}

// A list or tuple of (step, tile, row) sequences, read directly: the common case of a closed loop
// that decides a few events per step, where going through numpy would cost more than the step.
std::vector<InputEvent> from_sequence(const py::sequence& events, const char* argument) {
  std::vector<InputEvent> out;
  out.reserve(events.size());
  for (std::size_t k = 0; k < events.size(); ++k) {
    const py::handle item = events[k];
    if (!py::isinstance<py::sequence>(item) || py::isinstance<py::str>(item) || py::len(item) != 3)
      throw py::value_error(fmt::format("{}[{}]: a (step, tile, row) triple is needed; got {}", argument, k,
                                        py::repr(item).cast<std::string>()));
    const auto triple = py::reinterpret_borrow<py::sequence>(item);
    out.push_back(checked(whole(triple[0], argument, k), whole(triple[1], argument, k), whole(triple[2], argument, k), argument, k));
  }
  return out;
}

}  // namespace

std::vector<InputEvent> input_events(const py::handle& events, const char* argument) {
  if (events.is_none()) return {};
  if (py::isinstance<py::list>(events) || py::isinstance<py::tuple>(events)) {
    const auto sequence = py::reinterpret_borrow<py::sequence>(events);
    if (sequence.size() == 0 || py::isinstance<py::sequence>(sequence[0])) return from_sequence(sequence, argument);
  }
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
  for (py::ssize_t k = 0; k < v.shape(0); ++k) out.push_back(checked(v(k, 0), v(k, 1), v(k, 2), argument, static_cast<std::size_t>(k)));
  return out;
}

}  // namespace ionarray::python
