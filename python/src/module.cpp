// The extension module behind the Python package `ionarray` (python/ionarray/__init__.py
// re-exports it). One device API over every backend URI, layouts, experiments, results as numpy.
#include "bindings.hpp"

PYBIND11_MODULE(_ionarray, m) {
  // Each docstring starts with its own Python-style signature (keyword-only markers, defaults as
  // Python spells them), so pybind11's C++-typed one is left out.
  pybind11::options options;
  options.disable_function_signatures();
  m.doc() =
      "ionarray: an FPGA emulator of arrays of diffusive-memristor neurons.\n\n"
      "Layouts (Layout.load, Layout.from_dict), one device API over every backend URI (open),\n"
      "streaming (Device.stream), the reference-model experiments (neuron, dc_sweep, pulse, fit)\n"
      "and FPGA estimates (estimate); results as numpy arrays.";
  m.attr("__version__") = IONARRAY_VERSION;
  ionarray::python::bind_errors(m);
  ionarray::python::bind_spikes(m);
  ionarray::python::bind_layout(m);
  ionarray::python::bind_device(m);
  ionarray::python::bind_stream(m);
  ionarray::python::bind_experiments(m);
  ionarray::python::bind_estimate(m);
}
