#pragma once
// The backends a single-neuron experiment (neuron, sweeps, fits) steps its neurons on, named as
// devices are: reference:// (the double-precision model) and fixed:// (the hardware's
// fixed-point engine), the short names reference and fixed as aliases.
#include <string_view>

namespace ionarray {

enum class Backend { reference, fixed };
Backend parse_backend(std::string_view name);  // InputError listing the backends
std::string_view backend_name(Backend b);      // its URI: "reference://" or "fixed://"

}  // namespace ionarray
