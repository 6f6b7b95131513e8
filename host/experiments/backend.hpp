#pragma once
// The software backends an experiment can run on.
#include <string_view>

namespace ionarray {

enum class Backend { reference, fixed };
Backend parse_backend(std::string_view name);  // InputError listing the backends
std::string_view backend_name(Backend b);

}  // namespace ionarray
