#pragma once
// A layout already parsed into TOML values (e.g. built from a Python dict): the same reader and
// validation as a layout file. `path` names the source in errors; relative file names in the
// layout (CSV inputs, parameter files) are taken relative to its folder.
#include <string>

#include <toml.hpp>

#include "layout/layout.hpp"

namespace ionarray {

Layout read_layout(const toml::value& root, const std::string& path);

}  // namespace ionarray
