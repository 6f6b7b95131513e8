// [record]: neurons = [[tile, neuron], [tile, first, last], ...], fields, decimation, vcd.
#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "io/input_error.hpp"
#include "io/memory_budget.hpp"
#include "layout/layout_tables.hpp"

namespace ionarray {
namespace {

constexpr TraceField kFields[] = {TraceField::vm, TraceField::f, TraceField::r, TraceField::s, TraceField::g};
constexpr double kMaxSamples = kMaxOutputValues;

}  // namespace

std::string_view trace_field_name(TraceField f) {
  switch (f) {
    case TraceField::vm: return "vm";
    case TraceField::f: return "f";
    case TraceField::r: return "r";
    case TraceField::s: return "s";
    case TraceField::g: return "g";
  }
  return "?";
}

std::string_view trace_field_unit(TraceField f) { return f == TraceField::vm ? "V" : f == TraceField::g ? "S" : ""; }

void read_record(TomlTable t, Layout& l) {
  auto& r = l.record;
  r.line = t.line_of("neurons");
  const auto& s = l.spec;
  const auto& list = t.child("neurons");
  const auto entry_rule = fmt::format("record.neurons entries are [tile, neuron] or [tile, first, last] (inclusive), "
                                      "tile 0 .. {}, neuron 0 .. {}", s.tiles - 1, s.columns - 1);
  if (!list.is_array() || list.as_array().empty()) t.fail("neurons", entry_rule);
  std::set<std::pair<int, int>> seen;
  for (const auto& e : list.as_array()) {
    const auto line = static_cast<long>(e.location().line());
    if (!e.is_array() || e.as_array().size() < 2 || e.as_array().size() > 3)
      throw InputError(t.file(), line, "record.neurons", entry_rule);
    std::vector<long> v;
    for (const auto& x : e.as_array()) {
      if (!x.is_integer()) throw InputError(t.file(), line, "record.neurons", entry_rule);
      v.push_back(static_cast<long>(x.as_integer()));
    }
    const long first = v[1], last = v.size() == 3 ? v[2] : v[1];
    if (v[0] < 0 || v[0] >= s.tiles || first < 0 || last >= s.columns || first > last)
      throw InputError(t.file(), line, "record.neurons", fmt::format("[{}]: {}", fmt::join(v, ", "), entry_rule));
    for (long j = first; j <= last; ++j) {
      if (!seen.emplace(static_cast<int>(v[0]), static_cast<int>(j)).second)
        throw InputError(t.file(), line, "record.neurons", fmt::format("tile {}, neuron {} is listed twice", v[0], j));
      r.neurons.push_back({static_cast<int>(v[0]), static_cast<int>(j)});
    }
  }
  std::vector<std::string> names;
  for (auto f : kFields) names.emplace_back(trace_field_name(f));
  if (t.has("fields")) {
    const auto& fields = t.child("fields");
    if (!fields.is_array() || fields.as_array().empty())
      t.fail("fields", fmt::format("record.fields must be a non-empty array of \"{}\"", fmt::join(names, "\", \"")));
    for (const auto& f : fields.as_array()) {
      const auto name = f.is_string() ? f.as_string().str : std::string();
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end())
        throw InputError(t.file(), static_cast<long>(f.location().line()), "record.fields",
                         fmt::format("unknown field {}; allowed: \"{}\"", f.is_string() ? "\"" + name + "\"" : "(not a string)",
                                     fmt::join(names, "\", \"")));
      const auto field = kFields[it - names.begin()];
      if (std::find(r.fields.begin(), r.fields.end(), field) != r.fields.end())
        throw InputError(t.file(), static_cast<long>(f.location().line()), "record.fields",
                         fmt::format("\"{}\" is listed twice", name));
      r.fields.push_back(field);
    }
  } else {
    r.fields = {TraceField::vm};
  }
  r.decimation = t.integer("decimation", 1, 1L << 40, 1);
  r.vcd = t.boolean("vcd", false);
  t.finish();
  check_trace_size(l, "run.steps");
}

void check_trace_size(const Layout& l, const std::string& steps_field) {
  const auto& r = l.record;
  const double samples = static_cast<double>(r.neurons.size() * r.fields.size()) *
                         (static_cast<double>(l.steps) / static_cast<double>(r.decimation) + 1);
  if (samples > kMaxSamples)
    throw InputError(l.path, r.line, "record.decimation",
                     fmt::format("recording {} fields of {} neurons over {} steps ({}) every {} steps writes {:.3g} values; "
                                 "at most {:.0e}: raise record.decimation, record fewer neurons or lower {}",
                                 r.fields.size(), r.neurons.size(), l.steps, steps_field, r.decimation, samples, kMaxSamples,
                                 steps_field));
}

}  // namespace ionarray
