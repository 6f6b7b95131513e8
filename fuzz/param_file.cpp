// Parameter files (host/io/param_file.*) on any text: the input is the file, optionally followed
// after a line reading "%%" by wave.csv, which a pwl drive may name. A file either gives a set
// that validates, whose drive can be built and stays within the allowed voltages, or is refused
// with an InputError; nothing else may come out.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "experiments/neuron_run.hpp"
#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "io/input_error.hpp"
#include "io/param_file.hpp"
#include "reference/device_params.hpp"

using namespace ionarray;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::split_parts(data, size);
  fuzz::write_file("wave.csv", parts.size() > 1 ? parts[1] : "");
  const auto path = fuzz::write_file("params.toml", parts[0]);
  try {
    const auto set = load_parameter_file(path);
    reference::validate(set);  // a returned set is a valid one: this must not throw
    const auto drive = make_drive(set);
    for (std::int64_t step : {0L, 1L, 1000L, 1000000L}) {
      const double v = drive.at(step);
      FUZZ_CHECK(std::isfinite(v) && std::abs(v) <= reference::kMaxDriveVolts, "drive of %g V at step %ld", v,
                 static_cast<long>(step));
    }
  } catch (const InputError&) {
  }
  return 0;
}
