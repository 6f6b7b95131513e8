#include "io/csv_reader.hpp"

#include <charconv>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (char ch : line) {
    if (ch == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (ch != '\r' && ch != ' ' && ch != '\t') {
      cell += ch;
    }
  }
  out.push_back(cell);
  return out;
}

std::ifstream open(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "", "cannot open file for reading");
  return in;
}

}  // namespace

std::vector<std::string> read_csv_header(const std::string& path) {
  auto in = open(path);
  std::string line;
  if (!std::getline(in, line)) throw InputError(path, 1, "", "empty file; expected a CSV header line");
  return split(line);
}

NumericCsv read_numeric_csv(const std::string& path, const std::vector<std::string>& expected_columns) {
  auto in = open(path);
  NumericCsv csv{.path = path};
  std::string line;
  if (!std::getline(in, line)) throw InputError(path, 1, "", "empty file; expected a CSV header line");
  csv.columns = split(line);
  if (csv.columns != expected_columns)
    throw InputError(path, 1, "header", fmt::format("header is '{}'; expected '{}'", fmt::join(csv.columns, ","),
                                                    fmt::join(expected_columns, ",")));
  long line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    const auto cells = split(line);
    if (cells.size() != expected_columns.size())
      throw InputError(path, line_no, "", fmt::format("has {} fields; expected {} ({})", cells.size(),
                                                      expected_columns.size(), fmt::join(expected_columns, ",")));
    std::vector<double> row(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto& cell = cells[c];
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), row[c]);
      if (ec != std::errc() || end != cell.data() + cell.size() || cell.empty() || !std::isfinite(row[c]))
        throw InputError(path, line_no, expected_columns[c],
                         fmt::format("'{}' is not a finite number", cell));
    }
    csv.rows.push_back(std::move(row));
    csv.line_of_row.push_back(line_no);
  }
  if (csv.rows.empty()) throw InputError(path, line_no, "", "no data rows after the header");
  return csv;
}

}  // namespace ionarray
