#pragma once
// State traces of the recorded neurons as numpy: 2-D arrays, one row per neuron (in the layout's
// [record] order), one column per sample.
#include <string>
#include <vector>

#include <pybind11/numpy.h>

#include "device_session.hpp"
#include "layout/record_spec.hpp"

namespace ionarray::python {

class Traces {
 public:
  Traces(TraceSamples samples, std::vector<TracedNeuron> neurons, std::vector<std::string> fields, double dt);
  pybind11::array_t<std::uint64_t> steps() const;
  pybind11::array_t<double> times() const;
  pybind11::array_t<int> neurons() const;  // (n, 2): tile, neuron
  // One field for every neuron and sample: vm (V), f, r, s, g (S), or current = g * vm (A).
  pybind11::array_t<double> field(const std::string& name) const;
  const std::vector<std::string>& fields() const { return fields_; }  // those the layout records
  std::size_t samples() const { return samples_.steps.size(); }

 private:
  TraceSamples samples_;
  std::vector<TracedNeuron> neurons_;
  std::vector<std::string> fields_;
  double dt_;
};

void bind_traces(pybind11::module_& m);

}  // namespace ionarray::python
