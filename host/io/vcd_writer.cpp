#include "io/vcd_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {
namespace {

// Identifier codes: printable ASCII '!' .. '~', shortest first (section 18.2.3.8).
std::string code_of(std::size_t index) {
  std::string code;
  do {
    code += static_cast<char>('!' + index % 94);
    index /= 94;
  } while (index > 0);
  return code;
}

// A scope or variable name is one token of the file (section 18.2.1): printable, no spaces.
void require_identifier(const std::string& name) {
  const bool printable = std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c <= '~'; });
  if (name.empty() || !printable || name == "$end")
    throw std::invalid_argument(fmt::format("VcdWriter: '{}' cannot be a VCD name: it must be printable ASCII "
                                            "without spaces", name));
}

void require_identifiers(const std::vector<std::string>& scope, const std::string& name) {
  for (const auto& s : scope) require_identifier(s);
  require_identifier(name);
}

}  // namespace

std::string VcdWriter::timescale_for(double step_s, std::uint64_t& ticks_per_step) {
  static const char* units[] = {"s", "ms", "us", "ns", "ps", "fs"};
  for (int u = 0; u < 6; ++u)
    for (int n : {100, 10, 1}) {
      const double unit = n * std::pow(10.0, -3.0 * u);
      const double ticks = step_s / unit;
      if (ticks >= 1 && std::abs(ticks - std::round(ticks)) < 1e-9 * ticks) {
        ticks_per_step = static_cast<std::uint64_t>(std::llround(ticks));
        return fmt::format("{} {}", n, units[u]);
      }
    }
  ticks_per_step = static_cast<std::uint64_t>(std::max(1.0, std::round(step_s / 1e-15)));  // nearest femtosecond
  return "1 fs";
}

VcdWriter::VcdWriter(const std::filesystem::path& path, double step_s, std::string comment)
    : file_(std::fopen(path.c_str(), "w")), path_(path), comment_(std::move(comment)) {
  if (!file_) throw InputError(path.string(), 0, "", "cannot open file for writing");
  timescale_ = timescale_for(step_s, ticks_per_step_);
}

VcdWriter::~VcdWriter() {
  try {
    if (!header_written_) header();
    commit_before(UINT64_MAX);
  } catch (...) {  // a full disk while unwinding: keep the error that is already on its way
  }
}

int VcdWriter::add_real(const std::vector<std::string>& scope, const std::string& name) {
  if (header_written_) throw std::logic_error("VcdWriter: declarations must come before the first change");
  require_identifiers(scope, name);
  vars_.push_back({scope, name, code_of(vars_.size()), true});
  return static_cast<int>(vars_.size() - 1);
}

int VcdWriter::add_wire(const std::vector<std::string>& scope, const std::string& name) {
  if (header_written_) throw std::logic_error("VcdWriter: declarations must come before the first change");
  require_identifiers(scope, name);
  vars_.push_back({scope, name, code_of(vars_.size()), false});
  return static_cast<int>(vars_.size() - 1);
}

void VcdWriter::header() {
  header_written_ = true;
  auto* f = file_.get();
  fmt::print(f, "$version ionarray $end\n$comment {} $end\n$timescale {} $end\n", comment_, timescale_);
  std::vector<std::string> open;  // the scopes entered so far
  for (const auto& v : vars_) {
    std::size_t common = 0;
    while (common < open.size() && common < v.scope.size() && open[common] == v.scope[common]) ++common;
    for (; open.size() > common; open.pop_back()) fmt::print(f, "$upscope $end\n");
    for (; open.size() < v.scope.size(); open.push_back(v.scope[open.size()]))
      fmt::print(f, "$scope module {} $end\n", v.scope[open.size()]);
    fmt::print(f, "$var {} {} {} {} $end\n", v.real ? "real" : "wire", v.real ? 64 : 1, v.code, v.name);
  }
  for (; !open.empty(); open.pop_back()) fmt::print(f, "$upscope $end\n");
  fmt::print(f, "$enddefinitions $end\n");
}

void VcdWriter::change(std::uint64_t step, std::string text) {
  if (!header_written_) header();
  if (step < committed_)
    throw std::logic_error(fmt::format("VcdWriter: a change at step {} after committing up to step {}", step, committed_));
  pending_[step] += text;
}

void VcdWriter::set_real(std::uint64_t step, int var, double value) {
  change(step, fmt::format("r{:.10g} {}\n", value, vars_[static_cast<std::size_t>(var)].code));
}

void VcdWriter::set_bit(std::uint64_t step, int var, bool value) {
  change(step, fmt::format("{}{}\n", value ? '1' : '0', vars_[static_cast<std::size_t>(var)].code));
}

void VcdWriter::commit_before(std::uint64_t step) {
  auto* f = file_.get();
  auto end = pending_.lower_bound(step);
  for (auto it = pending_.begin(); it != end; ++it) fmt::print(f, "#{}\n{}", it->first * ticks_per_step_, it->second);
  pending_.erase(pending_.begin(), end);
  committed_ = std::max(committed_, step);
  std::fflush(f);
}

}  // namespace ionarray
