#include "data/measured.hpp"

#include <fmt/format.h>

#include "io/csv_reader.hpp"
#include "io/input_error.hpp"

namespace ionarray {
namespace {
const std::vector<std::string> kSweepColumns = {"cycle", "sample", "voltage_V", "current_A"};
const std::vector<std::string> kPulseColumns = {"trial", "time_s", "voltage_V", "current_A"};

// Rows grouped by their first column, which must be a non-negative integer that never decreases.
template <typename Group>
std::vector<Group> group_rows(const NumericCsv& csv, auto&& append) {
  std::vector<Group> groups;
  double current = -1;
  for (std::size_t k = 0; k < csv.rows.size(); ++k) {
    const double id = csv.rows[k][0];
    if (id < 0 || id != static_cast<double>(static_cast<long>(id)) || id < current)
      throw InputError(csv.path, csv.line_of_row[k], csv.columns[0],
                       fmt::format("{:g} must be a non-negative integer, in non-decreasing order", id));
    if (id != current) groups.emplace_back();
    current = id;
    append(groups.back(), csv.rows[k], csv.line_of_row[k]);
  }
  return groups;
}
}  // namespace

DataKind detect_data_kind(const std::string& path) {
  const auto header = read_csv_header(path);
  if (header == kSweepColumns) return DataKind::dc_sweep;
  if (header == kPulseColumns) return DataKind::pulse;
  throw InputError(path, 1, "header", fmt::format("header '{}' is neither '{}' (DC sweeps) nor '{}' (pulse trials)",
                                                  fmt::join(header, ","), fmt::join(kSweepColumns, ","),
                                                  fmt::join(kPulseColumns, ",")));
}

std::vector<SweepCycle> load_dc_sweeps(const std::string& path) {
  const auto csv = read_numeric_csv(path, kSweepColumns);
  return group_rows<SweepCycle>(csv, [](SweepCycle& c, const std::vector<double>& row, long) {
    c.v.push_back(row[2]);
    c.i.push_back(row[3]);
  });
}

std::vector<PulseTrial> load_pulse_trials(const std::string& path) {
  const auto csv = read_numeric_csv(path, kPulseColumns);
  return group_rows<PulseTrial>(csv, [&](PulseTrial& p, const std::vector<double>& row, long line) {
    if (!p.t.empty() && row[1] <= p.t.back())
      throw InputError(path, line, "time_s", fmt::format("{:g} s is not after the previous sample", row[1]));
    p.t.push_back(row[1]);
    p.v.push_back(row[2]);
    p.i.push_back(row[3]);
  });
}

}  // namespace ionarray
