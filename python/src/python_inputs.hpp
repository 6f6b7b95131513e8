#pragma once
// Input events from Python: an (n, 3) array-like of (step, tile, row), or None.
#include <vector>

#include <pybind11/pybind11.h>

#include "device/device.hpp"

namespace ionarray::python {

std::vector<InputEvent> input_events(const pybind11::handle& events, const char* argument);

}  // namespace ionarray::python
