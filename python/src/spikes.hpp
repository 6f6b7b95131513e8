#pragma once
// Spikes as numpy: the device's SpikeEvent vector handed to numpy without copying (a structured
// array over the vector's own memory, owned by a capsule), with the chip's shape and step to
// derive flat ids and times in seconds.
#include <cstdint>
#include <vector>

#include <pybind11/numpy.h>

#include "device/device.hpp"

namespace ionarray::python {

class Spikes {
 public:
  // `columns`: neurons per tile (flat id = tile * columns + neuron); `dt`: seconds per step.
  Spikes(std::vector<SpikeEvent>&& events, int columns, double dt);

  const pybind11::array& records() const { return records_; }  // fields step (u8), tile (i4), neuron (i4)
  std::size_t size() const { return static_cast<std::size_t>(records_.shape(0)); }
  pybind11::array steps() const;    // view into records
  pybind11::array tiles() const;    // view
  pybind11::array neurons() const;  // view
  pybind11::array_t<std::int64_t> ids() const;  // tile * columns + neuron
  pybind11::array_t<double> times() const;      // step * dt (s): the end of the step before it fired
  int columns() const { return columns_; }
  double dt() const { return dt_; }

 private:
  const SpikeEvent* events() const { return static_cast<const SpikeEvent*>(records_.data()); }
  pybind11::array records_;
  int columns_;
  double dt_;
};

// The numpy dtype of SpikeEvent (step, tile, neuron) with its C++ layout.
pybind11::dtype spike_dtype();

}  // namespace ionarray::python
