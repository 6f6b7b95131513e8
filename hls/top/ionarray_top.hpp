#pragma once
// The synthesizable top: the host link in and out as 64-bit streams, the array behind it.
#include <cstdint>

#include "ionarray/link_core.hpp"
#include "ionarray/stream.hpp"

namespace ionarray::fx {

inline constexpr int kTopTiles = 4;            // tiles in one kernel instance
inline constexpr int kMaxStepsPerCall = 1024;  // bounds one invocation; free runs continue next call

// Processes every waiting input word, then up to kMaxStepsPerCall steps. Returns the steps done.
std::uint32_t ionarray_top(Stream<std::uint64_t>& link_in, Stream<std::uint64_t>& link_out);

}  // namespace ionarray::fx
