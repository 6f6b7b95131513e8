// Measured device data (host/data/measured.*, through host/io/csv_reader.*) on any text: the
// kind is told by the header, then the sweeps or pulse trials are read. Every group read back
// must be whole (as many currents as voltages, finite values, pulse times increasing); anything
// else is refused with an InputError.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "data/measured.hpp"
#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "io/input_error.hpp"

using namespace ionarray;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = fuzz::write_file("measured.csv", {reinterpret_cast<const char*>(data), size});
  try {
    if (detect_data_kind(path) == DataKind::dc_sweep) {
      for (const auto& c : load_dc_sweeps(path)) {
        FUZZ_CHECK(!c.v.empty() && c.v.size() == c.i.size(), "a sweep of %zu voltages, %zu currents", c.v.size(), c.i.size());
        for (std::size_t k = 0; k < c.v.size(); ++k)
          FUZZ_CHECK(std::isfinite(c.v[k]) && std::isfinite(c.i[k]), "sample %zu not finite", k);
      }
    } else {
      for (const auto& p : load_pulse_trials(path)) {
        FUZZ_CHECK(!p.t.empty() && p.t.size() == p.v.size() && p.t.size() == p.i.size(), "a trial of %zu times",
                   p.t.size());
        for (std::size_t k = 1; k < p.t.size(); ++k) FUZZ_CHECK(p.t[k] > p.t[k - 1], "time %zu not after the one before", k);
      }
    }
  } catch (const InputError&) {
  }
  return 0;
}
