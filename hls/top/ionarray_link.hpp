#pragma once
// The XRT (Vitis) kernel behind xrt://: the host link through two memory-mapped buffers
// instead of ionarray_top()'s AXI-Stream ports, the same link core behind it.
#include <cstdint>

#include "ionarray_top.hpp"

// Takes the `in_words` host-to-device words of `in`, then steps while the core has steps to do,
// at most kMaxStepsPerCall times and only while a whole worst-case step still fits in `out`.
// out[0] = n, the words this call produced; out[1 .. n] those words, n <= out_capacity. Nothing
// is written past out[out_capacity]. A reply packet of the input that does not fit whole is not
// written (the host sees its sequence number missing). The core keeps its state between calls:
// a run longer than one call continues on the next call, which may have in_words = 0.
// (extern "C": the kernel's name in the xclbin is the plain symbol.)
extern "C" void ionarray_link(const std::uint64_t* in, std::uint32_t in_words, std::uint64_t* out,
                              std::uint32_t out_capacity);
