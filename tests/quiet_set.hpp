#pragma once
#include "reference/device_params.hpp"

namespace ionarray::testing {

// A named set with cycle-to-cycle noise off, for deterministic checks.
inline reference::ParameterSet quiet(const char* name) {
  auto s = reference::named_set(name);
  s.device.c2c = false;
  return s;
}

}  // namespace ionarray::testing
