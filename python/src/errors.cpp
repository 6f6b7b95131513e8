// C++ errors as Python exceptions: bad input (InputError, a malformed URI) is a ValueError with
// the reader's message (file, field, what is allowed); a device that refuses or loses something
// is ionarray.DeviceError with the device's message.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "device/device.hpp"
#include "io/input_error.hpp"

namespace py = pybind11;

namespace ionarray::python {

void bind_errors(py::module_& m) {
  static py::exception<DeviceError> device_error(m, "DeviceError", PyExc_RuntimeError);
  device_error.doc() =
      "A device refused something, lost something or disappeared; the message is the device's.\n"
      "Results recorded before the error stay readable (Device.spikes, Device.traces).";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const DeviceError& e) {
      device_error(e.what());
    }
  });
}

}  // namespace ionarray::python
