#pragma once
// How much memory one input (a chip, a trace, a sweep) may make this process hold: half of the
// machine's physical memory, or a smaller cap set by the program (the fuzz targets set one so
// that a valid but huge layout is refused instead of allocated). Readers compare their estimate
// with it before allocating and refuse with the size, the budget and the field to change.
#include <string>

namespace ionarray {

// Values one output file (a trace, a sweep) may hold: about 1.5 GB of CSV, a guard against
// filling the disk by accident.
inline constexpr double kMaxOutputValues = 1e8;

double memory_budget_bytes();
// 0 restores the default (half the machine's memory).
void set_memory_budget_bytes(double bytes);
// "about 3.2 GB; this machine has 16 GB of memory, and one input may use half of it" (or the cap).
std::string describe_memory_need(double bytes);

}  // namespace ionarray
