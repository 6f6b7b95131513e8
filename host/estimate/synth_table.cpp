#include "estimate/synth_table.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray::estimate {

namespace {

// 14548 -> "14,548" (resource counts are not negative)
std::string grouped(double value) {
  const std::string digits = fmt::format("{:.0f}", value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::pair<std::size_t, std::size_t> markers(const std::string& document, const std::string& path) {
  const auto begin = document.find(kSynthTableBegin);
  const auto end = document.find(kSynthTableEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin)
    throw InputError(path, 0, "synthesis table", fmt::format("the markers '{}' and '{}' are missing", kSynthTableBegin, kSynthTableEnd));
  return {document.find('\n', begin) + 1, end};
}

}  // namespace

std::string synth_table_markdown(const SynthResults& results) {
  std::vector<SynthRun> runs = results.runs;
  const auto order = [](const SynthRun& r) {
    const int kind = r.kind == "engine" ? 0 : r.kind == "tile_shell" ? 1 : r.kind == "plastic_shell" ? 2 : 3;
    return std::make_tuple(kind, r.family != "xcup", r.tiles, r.rows, r.columns);
  };
  std::sort(runs.begin(), runs.end(), [&](const SynthRun& a, const SynthRun& b) { return order(a) < order(b); });
  std::string out =
      "| run | family | LUT | FF | DSP | BRAM36 | levels | Yosys ltp cells | Yosys sta ns | Yosys wall s |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& r : runs) {
    const auto& d = r.depth;
    out += fmt::format("| {} | {} | {} | {} | {:.0f} | {:g} | {} | {} | {} | {:.0f} |\n", run_name(r), r.family,
                       grouped(r.resources.luts), grouped(r.resources.ffs), r.resources.dsps, r.resources.bram36,
                       d.levels >= 0 ? fmt::format("{:g}", d.levels) : "-", d.ltp_cells >= 0 ? std::to_string(d.ltp_cells) : "-",
                       d.sta_ns >= 0 ? fmt::format("{:.2f}", d.sta_ns) : "-", r.seconds);
  }
  return out;
}

std::string with_synth_table(const std::string& document, const std::string& table, const std::string& path) {
  const auto [begin, end] = markers(document, path);
  return document.substr(0, begin) + table + document.substr(end);
}

std::string synth_table_of(const std::string& document, const std::string& path) {
  const auto [begin, end] = markers(document, path);
  return document.substr(begin, end - begin);
}

}  // namespace ionarray::estimate
