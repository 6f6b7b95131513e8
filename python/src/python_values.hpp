#pragma once
// Small conversions shared by the bindings: JSON figures as Python dicts, vectors and rows of
// vectors as numpy arrays, parameter sets from a name, a file or a dict.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>

#include "experiments/stop_request.hpp"
#include "reference/device_params.hpp"

namespace ionarray::python {

pybind11::object python_from_json(const nlohmann::json& j);
pybind11::array_t<double> numpy_vector(const std::vector<double>& v);
// Rows of equal length as a 2-D array (rows x length); rows of different lengths as a list of arrays.
pybind11::object numpy_rows(const std::vector<const std::vector<double>*>& rows);
// A named set ("lif"), a parameter file path, or a dict of a parameter file's tables (validated
// by the same reader as files; `argument` names it in errors).
reference::ParameterSet parameter_set_from_python(const pybind11::handle& set, const std::string& argument);
// Between long stretches of C++ work: back in Python for a moment so that Ctrl-C stops it.
void check_signals();
// An experiment's StopRequest: whether Ctrl-C (a Python signal handler raising) arrived, looked at
// every `every` calls (each look takes the GIL). After the experiment, raise_if_interrupted().
StopRequest stop_on_signal(long every = 1);
void raise_if_interrupted();

}  // namespace ionarray::python
