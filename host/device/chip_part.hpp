#pragma once
// One device's part of a chip spread over several devices: its tiles as a chip of their own.
#include <span>

#include "fixed/array_image.hpp"
#include "layout/layout.hpp"

namespace ionarray {

struct ChipPart {
  Layout layout;             // the part's tiles as tiles 0 .. k-1 (their sets, synapses, routes among them)
  fixed::ArrayImage image;   // their words exactly as in the whole chip (slice_image)
};

ChipPart chip_part(const Layout& whole, std::span<const int> tiles);

}  // namespace ionarray
