#include "spikes.hpp"

#include <cstddef>
#include <string>

#include "bindings.hpp"

namespace py = pybind11;

namespace ionarray::python {

py::dtype make_spike_dtype();

py::dtype spike_dtype() {
  // Built once: a closed loop makes a Spikes every step. (Never freed: a Python object must not
  // be destroyed after the interpreter has finalized.)
  static const auto* dtype = new py::dtype(make_spike_dtype());
  return *dtype;
}

py::dtype make_spike_dtype() {
  // (offsets from the struct itself, so the view matches whatever padding the compiler chose)
  py::list names, formats, offsets;
  names.append("step"), formats.append("<u8"), offsets.append(offsetof(SpikeEvent, step));
  names.append("tile"), formats.append("<i4"), offsets.append(offsetof(SpikeEvent, tile));
  names.append("neuron"), formats.append("<i4"), offsets.append(offsetof(SpikeEvent, neuron));
  static_assert(sizeof(int) == 4 && sizeof(std::uint64_t) == 8);
  py::dict d;
  d["names"] = names, d["formats"] = formats, d["offsets"] = offsets, d["itemsize"] = sizeof(SpikeEvent);
  return py::dtype::from_args(d);
}

Spikes::Spikes(std::vector<SpikeEvent>&& events, int columns, double dt) : columns_(columns), dt_(dt) {
  // The vector moves onto the heap and the capsule frees it with the array: no copy of the events.
  auto* owned = new std::vector<SpikeEvent>(std::move(events));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<SpikeEvent>*>(p); });
  records_ = py::array(spike_dtype(), {static_cast<py::ssize_t>(owned->size())}, {static_cast<py::ssize_t>(sizeof(SpikeEvent))},
                       owned->data(), owner);
  // Read-only: the records are the device's output. (The flag set directly: cheaper than through
  // numpy's attribute, and a closed loop pays it every step.)
  py::detail::array_proxy(records_.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
}

py::array Spikes::steps() const { return py::array(py::object(records_["step"])); }
py::array Spikes::tiles() const { return py::array(py::object(records_["tile"])); }
py::array Spikes::neurons() const { return py::array(py::object(records_["neuron"])); }

py::array_t<std::int64_t> Spikes::ids() const {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(size()));
  auto* o = out.mutable_data();
  const auto* e = events();
  for (std::size_t k = 0; k < size(); ++k) o[k] = std::int64_t{e[k].tile} * columns_ + e[k].neuron;
  return out;
}

py::array_t<double> Spikes::times() const {
  py::array_t<double> out(static_cast<py::ssize_t>(size()));
  auto* o = out.mutable_data();
  const auto* e = events();
  for (std::size_t k = 0; k < size(); ++k) o[k] = static_cast<double>(e[k].step) * dt_;
  return out;
}

void bind_spikes(py::module_& m) {
  py::class_<Spikes>(m, "Spikes",
                     "Output spikes in step order, as numpy arrays.\n\n"
                     "steps, tiles, neurons: views of the records (no copy); ids: tile * columns + neuron;\n"
                     "times: step * dt in seconds. records is the structured array (step, tile, neuron).")
      .def_property_readonly("records", &Spikes::records, "structured array with fields step (uint64), tile, neuron (int32)")
      .def_property_readonly("steps", &Spikes::steps, "the step each spike fired in (uint64)")
      .def_property_readonly("tiles", &Spikes::tiles, "the tile of each spike (int32)")
      .def_property_readonly("neurons", &Spikes::neurons, "the neuron (column) within its tile (int32)")
      .def_property_readonly("ids", &Spikes::ids, "flat neuron ids, tile * columns + neuron (int64)")
      .def_property_readonly("times", &Spikes::times, "spike times in seconds, step * dt (float64)")
      .def_property_readonly("columns", &Spikes::columns, "neurons per tile")
      .def_property_readonly("dt", &Spikes::dt, "seconds per step")
      .def("__len__", &Spikes::size)
      .def("__repr__", [](const Spikes& s) {
        return "<ionarray.Spikes: " + std::to_string(s.size()) + " spikes>";
      });
}

}  // namespace ionarray::python
