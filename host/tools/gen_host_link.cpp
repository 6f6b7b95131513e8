// Generates the host-link definitions from spec/host_link.toml: the C++ header (hls/, host/),
// the SystemVerilog package (rtl/) and the documentation table. One source, three views.
//
//   gen_host_link SPEC.toml --cpp OUT.hpp --sv OUT.sv --doc OUT.md
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <toml.hpp>

#include "generator_main.hpp"

namespace {

struct Field {
  std::string name, doc;
  int msb = 0, lsb = 0;
  int width() const { return msb - lsb + 1; }
};
struct Word {
  std::string name, doc;
  std::vector<Field> fields;
};
struct Named {
  std::string name, doc, direction, payload;
  std::int64_t value = 0;
};
struct Spec {
  int word_bits = 64;
  Word header;
  std::vector<Word> words;
  std::vector<Named> opcodes, memories, errors, counters;
};

[[noreturn]] void fail(const toml::value& where, const std::string& message) {
  throw std::runtime_error(toml::format_error(message, where, "here"));
}

std::string text_or(const toml::value& v, const char* key, const std::string& fallback = "") {
  return v.contains(key) ? toml::find<std::string>(v, key) : fallback;
}

Field read_field(const toml::value& v, int word_bits) {
  Field f{toml::find<std::string>(v, "name"), text_or(v, "doc"), toml::find<int>(v, "msb"), toml::find<int>(v, "lsb")};
  if (f.lsb < 0 || f.msb < f.lsb || f.msb >= word_bits)
    fail(v, fmt::format("field '{}' needs 0 <= lsb <= msb < {}", f.name, word_bits));
  return f;
}

void check_word(const toml::value& where, const Word& w, int word_bits) {
  std::vector<bool> used(static_cast<std::size_t>(word_bits), false);
  for (const auto& f : w.fields)
    for (int b = f.lsb; b <= f.msb; ++b) {
      if (used[static_cast<std::size_t>(b)]) fail(where, fmt::format("word '{}': field '{}' overlaps bit {}", w.name, f.name, b));
      used[static_cast<std::size_t>(b)] = true;
    }
}

std::vector<Named> read_named(const toml::value& root, const char* table, std::int64_t max_value) {
  std::vector<Named> out;
  if (!root.contains(table)) return out;
  std::set<std::int64_t> values;
  std::set<std::string> names;
  for (const auto& v : toml::find<toml::array>(root, table)) {
    Named n{toml::find<std::string>(v, "name"), text_or(v, "doc"), text_or(v, "direction"), text_or(v, "payload"),
            toml::find<std::int64_t>(v, "value")};
    if (n.value < 0 || n.value > max_value) fail(v, fmt::format("{} '{}': value must be 0 .. {}", table, n.name, max_value));
    if (!values.insert(n.value).second) fail(v, fmt::format("{} '{}': value {} is used twice", table, n.name, n.value));
    if (!names.insert(n.name).second) fail(v, fmt::format("{} '{}' is defined twice", table, n.name));
    out.push_back(n);
  }
  return out;
}

Spec read_spec(const std::string& path) {
  const auto root = toml::parse(path);
  Spec s;
  s.word_bits = toml::find<int>(root, "word_bits");
  s.header.name = "header";
  s.header.doc = "first word of every packet";
  for (const auto& v : toml::find<toml::array>(root, "header")) s.header.fields.push_back(read_field(v, s.word_bits));
  check_word(root, s.header, s.word_bits);
  for (const auto& w : toml::find<toml::array>(root, "word")) {
    Word word{toml::find<std::string>(w, "name"), text_or(w, "doc"), {}};
    for (const auto& f : toml::find<toml::array>(w, "fields")) word.fields.push_back(read_field(f, s.word_bits));
    check_word(w, word, s.word_bits);
    s.words.push_back(word);
  }
  const auto field_max = [&](const char* name) {
    for (const auto& f : s.header.fields)
      if (f.name == name) return (std::int64_t{1} << f.width()) - 1;
    return std::int64_t{0};
  };
  s.opcodes = read_named(root, "opcode", field_max("opcode"));
  s.memories = read_named(root, "memory", 15);
  s.errors = read_named(root, "error", field_max("argument"));
  s.counters = read_named(root, "counter", 255);
  // Counters index arrays in the cores: 0, 1, 2, ... in order.
  for (std::size_t i = 0; i < s.counters.size(); ++i)
    if (s.counters[i].value != static_cast<std::int64_t>(i))
      fail(toml::find<toml::array>(root, "counter")[i], fmt::format("counter '{}': counters are numbered 0, 1, 2, ... in order; "
                                                                    "this one should be {}", s.counters[i].name, i));
  for (const auto& op : toml::find<toml::array>(root, "opcode")) {
    const auto payload = text_or(op, "payload");
    if (payload.empty()) continue;
    bool known = false;
    for (const auto& w : s.words) known = known || w.name == payload;
    if (!known) fail(op, fmt::format("payload '{}' is not a [[word]]", payload));
  }
  return s;
}

std::string comment(const std::string& doc) { return doc.empty() ? "" : "  // " + doc; }

std::string camel(const std::string& snake) {
  std::string out;
  bool up = true;
  for (char c : snake) {
    if (c == '_') {
      up = true;
    } else {
      out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      up = false;
    }
  }
  return out;
}

std::string cpp_enum(const char* name, const char* type, const std::vector<Named>& items) {
  std::string body;
  for (const auto& n : items) body += fmt::format("  {} = {:#x},{}\n", n.name, n.value, comment(n.doc));
  return fmt::format("enum class {} : {} {{\n{}}};\n\n", name, type, body);
}

std::string cpp_word(const Word& w) {
  std::string members, pack, unpack, widths, equal = "true";
  for (const auto& f : w.fields) {
    equal += fmt::format(" && {0} == o.{0}", f.name);
    members += fmt::format("  std::uint64_t {} = 0;  // bits {}..{}\n", f.name, f.msb, f.lsb);
    widths += fmt::format("  static constexpr int {}_lsb = {}, {}_bits = {};\n", f.name, f.lsb, f.name, f.width());
    pack += fmt::format("  w |= (v.{} & ((std::uint64_t{{1}} << {}) - 1)) << {};\n", f.name, f.width(), f.lsb);
    unpack += fmt::format("  v.{} = (w >> {}) & ((std::uint64_t{{1}} << {}) - 1);\n", f.name, f.lsb, f.width());
  }
  const auto type = camel(w.name);
  return fmt::format(
      "// {}\nstruct {} {{\n{}{}  constexpr bool operator==(const {}& o) const {{ return {}; }}\n}};\n\n"
      "constexpr std::uint64_t pack(const {}& v) {{\n  std::uint64_t w = 0;\n{}  return w;\n}}\n\n"
      "constexpr {} unpack_{}(std::uint64_t w) {{\n  {} v;\n{}  return v;\n}}\n\n"
      "// True when every field of v fits its width (pack() would otherwise drop high bits).\n"
      "constexpr bool fits(const {}& v) {{ return unpack_{}(pack(v)) == v; }}\n\n",
      w.doc, type, members, widths, type, equal, type, pack, type, w.name, type, unpack, type, w.name);
}

std::string generate_cpp(const Spec& s) {
  std::string out = fmt::format(
      "#pragma once\n// Generated by host/tools/gen_host_link.cpp from spec/host_link.toml. Do not edit.\n"
      "#include <cstdint>\n\nnamespace ionarray::link {{\n\ninline constexpr int kWordBits = {};\n\n",
      s.word_bits);
  out += cpp_enum("Opcode", "std::uint8_t", s.opcodes);
  out += cpp_enum("Memory", "std::uint8_t", s.memories);
  out += cpp_enum("Error", "std::uint32_t", s.errors);
  out += cpp_enum("Counter", "std::uint8_t", s.counters);
  out += fmt::format("inline constexpr int kCounterCount = {};  // a status packet carries every counter\n\n", s.counters.size());
  out += cpp_word(s.header);
  for (const auto& w : s.words) out += cpp_word(w);
  // Payload expected per opcode ("" when none).
  std::string table;
  for (const auto& op : s.opcodes)
    table += fmt::format("    case Opcode::{}: return {};\n", op.name, op.payload.empty() ? "false" : "true");
  out += fmt::format("constexpr bool has_payload(Opcode op) {{\n  switch (op) {{\n{}  }}\n  return false;\n}}\n\n", table);
  std::string known;
  for (const auto& op : s.opcodes) known += fmt::format("    case {:#x}:\n", op.value);
  out += fmt::format("constexpr bool is_opcode(std::uint64_t value) {{\n  switch (value) {{\n{}      return true;\n  }}\n  return false;\n}}\n\n", known);
  out += "}  // namespace ionarray::link\n";
  return out;
}

// pack_NAME(fields in spec order): the word built from plain vectors. Yosys 0.23 misreads struct
// members assigned in functions and blocks, so RTL that builds words calls these instead.
std::string pack_function(const Word& w, const std::vector<Field>& by_msb, int word_bits) {
  std::string arguments, parts;
  for (const auto& f : w.fields)
    arguments += fmt::format("{}input logic [{}:0] {}", arguments.empty() ? "" : ", ", f.width() - 1, f.name);
  int next = word_bits - 1;
  for (const auto& f : by_msb) {
    if (f.msb < next) parts += fmt::format("{}'b0, ", next - f.msb);
    parts += f.name + ", ";
    next = f.lsb - 1;
  }
  if (next >= 0) parts += fmt::format("{}'b0, ", next + 1);
  parts.resize(parts.size() - 2);
  return fmt::format("  function automatic logic [{}:0] pack_{}({});\n    pack_{} = {{{}}};\n  endfunction\n\n",
                     word_bits - 1, w.name, arguments, w.name, parts);
}

std::string generate_sv(const Spec& s) {
  // A shared package defines more than any one module uses.
  std::string out = "// Generated by host/tools/gen_host_link.cpp from spec/host_link.toml. Do not edit.\n"
                    "/* verilator lint_off UNUSEDPARAM */\npackage ionarray_host_link_pkg;\n\n";
  out += fmt::format("  localparam int WORD_BITS = {};\n\n", s.word_bits);
  const auto params = [&](const char* prefix, const char* type, int bits, const std::vector<Named>& items) {
    for (const auto& n : items) {
      std::string upper;
      for (char c : n.name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out += fmt::format("  localparam {} {}_{} = {}'h{:x};{}\n", type, prefix, upper, bits, n.value, comment(n.doc));
    }
    out += "\n";
  };
  params("OP", "logic [7:0]", 8, s.opcodes);
  params("MEM", "logic [3:0]", 4, s.memories);
  params("ERR", "logic [31:0]", 32, s.errors);
  params("CNT", "logic [7:0]", 8, s.counters);
  std::vector<Word> words = {s.header};
  words.insert(words.end(), s.words.begin(), s.words.end());
  for (const auto& w : words) {
    std::vector<Field> by_msb = w.fields;
    std::sort(by_msb.begin(), by_msb.end(), [](const Field& a, const Field& b) { return a.msb > b.msb; });
    std::string body;
    int next = s.word_bits - 1, pad = 0;
    for (const auto& f : by_msb) {
      if (f.msb < next) body += fmt::format("    logic [{}:0] reserved{};\n", next - f.msb - 1, pad++);
      body += fmt::format("    logic [{}:0] {};\n", f.width() - 1, f.name);
      next = f.lsb - 1;
    }
    if (next >= 0) body += fmt::format("    logic [{}:0] reserved{};\n", next, pad++);
    out += fmt::format("  // {}\n  typedef struct packed {{\n{}  }} {}_t;\n\n", w.doc, body, w.name);
    out += pack_function(w, by_msb, s.word_bits);
  }
  out += "endpackage\n/* verilator lint_on UNUSEDPARAM */\n";
  return out;
}

std::string generate_doc(const Spec& s) {
  std::string out = "# Host link packets\n\nGenerated from `spec/host_link.toml` by `make host-link-doc`; do not edit.\n"
                    "Words are 64 bits. A packet is a header word and `length` payload words.\n\n";
  const auto fields_table = [&](const Word& w) {
    std::string t = fmt::format("### {}\n\n{}\n\n| bits | field | meaning |\n|---|---|---|\n", w.name, w.doc);
    for (const auto& f : w.fields) t += fmt::format("| {}..{} | {} | {} |\n", f.msb, f.lsb, f.name, f.doc);
    return t + "\n";
  };
  out += "## Words\n\n" + fields_table(s.header);
  for (const auto& w : s.words) out += fields_table(w);
  out += "## Opcodes\n\n| value | name | direction | payload | meaning |\n|---|---|---|---|---|\n";
  for (const auto& o : s.opcodes)
    out += fmt::format("| {:#04x} | {} | {} | {} | {} |\n", o.value, o.name, o.direction, o.payload.empty() ? "-" : o.payload, o.doc);
  const auto simple = [&](const char* title, const std::vector<Named>& items) {
    out += fmt::format("\n## {}\n\n| value | name | meaning |\n|---|---|---|\n", title);
    for (const auto& n : items) out += fmt::format("| {} | {} | {} |\n", n.value, n.name, n.doc);
  };
  simple("Memories", s.memories);
  simple("Error codes", s.errors);
  simple("Counters", s.counters);
  return out;
}


}  // namespace

int main(int argc, char** argv) {
  return ionarray::tools::generator_main<Spec>(argc, argv, "gen_host_link", read_spec,
                                               {generate_cpp, generate_sv, generate_doc});
}
