#pragma once
// A layout as Python holds it: read once, shared by the devices that load it (a device keeps
// using the layout's tables, its input schedule refers to them).
#include <memory>

#include <pybind11/pybind11.h>

#include "layout/layout.hpp"

namespace ionarray::python {

struct LayoutHandle {
  std::shared_ptr<const Layout> layout;
};

// A Layout, a path (str or os.PathLike) or a dict, as a layout: what Device.load and estimate take.
LayoutHandle layout_from_python(const pybind11::handle& value);

}  // namespace ionarray::python
