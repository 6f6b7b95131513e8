// Piecewise-linear drives: the CSV (time_s,voltage_V) a pwl drive names, read by make_drive
// (host/experiments/neuron_run.cpp) for the lif set. A file either gives a drive whose every
// value is finite and within the allowed voltages, or is refused with an InputError.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "experiments/neuron_run.hpp"
#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "io/input_error.hpp"
#include "reference/device_params.hpp"

using namespace ionarray;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto lif = reference::named_set("lif");
  auto set = lif;
  set.drive.kind = reference::DriveKind::pwl;
  set.drive.pwl_file = fuzz::write_file("wave.csv", {reinterpret_cast<const char*>(data), size});
  try {
    const auto drive = make_drive(set);
    for (std::int64_t step = 0; step < 4096; step += 7) {
      const double v = drive.at(step * step);
      FUZZ_CHECK(std::isfinite(v) && std::abs(v) <= reference::kMaxDriveVolts, "drive of %g V at step %ld", v,
                 static_cast<long>(step * step));
    }
  } catch (const InputError&) {
  }
  return 0;
}
