#include "io/memory_budget.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace ionarray {
namespace {

double physical_memory_bytes() { return double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE)); }

double& cap() {
  static double bytes = 0;
  return bytes;
}

}  // namespace

double memory_budget_bytes() {
  if (cap() > 0) return cap();
  const double memory = physical_memory_bytes();
  return memory > 0 ? memory / 2 : 1e300;  // (an unknown size refuses nothing)
}

void set_memory_budget_bytes(double bytes) { cap() = bytes > 0 ? bytes : 0; }

std::string describe_memory_need(double bytes) {
  if (cap() > 0) return fmt::format("about {:.3g} GB; the memory budget is {:.3g} GB", bytes / 1e9, cap() / 1e9);
  return fmt::format("about {:.3g} GB; this machine has {:.3g} GB of memory, and one input may use half of it", bytes / 1e9,
                     physical_memory_bytes() / 1e9);
}

}  // namespace ionarray
