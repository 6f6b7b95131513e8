#pragma once
// The parts of the extension module _ionarray, each registering its classes and functions.
#include <pybind11/pybind11.h>

namespace ionarray::python {

void bind_errors(pybind11::module_& m);       // DeviceError, and ValueError for bad input
void bind_spikes(pybind11::module_& m);       // Spikes: spike records as numpy arrays
void bind_layout(pybind11::module_& m);       // Layout.load, Layout.from_dict
void bind_device(pybind11::module_& m);       // open(uri) -> Device, Traces
void bind_stream(pybind11::module_& m);       // Device.stream(...) -> Stream
void bind_experiments(pybind11::module_& m);  // neuron, dc_sweep, pulse, fit
void bind_estimate(pybind11::module_& m);     // estimate(layout, part)

}  // namespace ionarray::python
