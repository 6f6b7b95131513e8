#pragma once
// Numeric CSV with a header line. Every malformed line is an InputError naming file, line and
// column; nothing is skipped silently.
#include <string>
#include <vector>

namespace ionarray {

struct NumericCsv {
  std::string path;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::vector<long> line_of_row;  // 1-based file line of each row, for later error messages
};

// Reads `path`; its header must be exactly `expected_columns` (in order).
NumericCsv read_numeric_csv(const std::string& path, const std::vector<std::string>& expected_columns);

// The header of `path`, split at commas (for telling file kinds apart).
std::vector<std::string> read_csv_header(const std::string& path);

}  // namespace ionarray
