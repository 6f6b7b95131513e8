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
#include <optional>
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
  bool is_signed = false;  // two's complement: C++ unpacks it sign-extended
  int width() const { return msb - lsb + 1; }
};
struct Word {
  std::string name, doc;
  std::vector<Field> fields;
  int bits = 64;                    // a word narrower than the link word is carried in a field of another
  std::optional<std::uint64_t> none;  // the value that means "none" (e.g. an empty route slot)
};
// A payload length rule: min .. max words (max = -1: up to the length field's limit).
struct Length {
  std::string text;
  int min = 0, max = -1;
};
struct Named {
  std::string name, doc, direction, payload;
  std::int64_t value = 0;
  Length length;
};
struct Crc {
  std::uint32_t polynomial = 0, init = 0;
  std::string doc;
};
struct Spec {
  int word_bits = 64;
  Crc crc;
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
  Field f{toml::find<std::string>(v, "name"), text_or(v, "doc"), toml::find<int>(v, "msb"), toml::find<int>(v, "lsb"),
          v.contains("signed") && toml::find<bool>(v, "signed")};
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

// "N" (exactly N words), "N.." (N or more), "N..M", or "counters" (one word per [[counter]]).
Length read_length(const toml::value& where, const std::string& text, int length_max, int counters) {
  Length l{text};
  const auto number = [&](const std::string& digits) {
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 3)
      fail(where, fmt::format("length '{}': expected \"N\", \"N..\", \"N..M\" or \"counters\"", text));
    return std::stoi(digits);
  };
  if (text == "counters") {
    l.min = l.max = counters;
  } else if (const auto dots = text.find(".."); dots == std::string::npos) {
    l.min = l.max = number(text);
  } else {
    l.min = number(text.substr(0, dots));
    l.max = dots + 2 == text.size() ? -1 : number(text.substr(dots + 2));
  }
  if (l.max == length_max) l.max = -1;
  if (l.min > length_max || l.max > length_max || (l.max >= 0 && l.max < l.min))
    fail(where, fmt::format("length '{}': needs min <= max <= {}", text, length_max));
  return l;
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
    Word word{toml::find<std::string>(w, "name"), text_or(w, "doc"), {}, s.word_bits, std::nullopt};
    if (w.contains("bits")) word.bits = toml::find<int>(w, "bits");
    if (word.bits < 1 || word.bits > s.word_bits) fail(w, fmt::format("word '{}': bits must be 1 .. {}", word.name, s.word_bits));
    for (const auto& f : toml::find<toml::array>(w, "fields")) word.fields.push_back(read_field(f, word.bits));
    check_word(w, word, word.bits);
    if (w.contains("none")) {
      word.none = toml::find<std::uint64_t>(w, "none");
      if (word.bits < 64 && *word.none >> word.bits != 0) fail(w, fmt::format("word '{}': none does not fit {} bits", word.name, word.bits));
    }
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
  const auto& crc = toml::find(root, "crc");
  const auto crc_value = [&](const char* key) {
    const auto v = toml::find<std::uint64_t>(crc, key);
    if (v > 0xFFFFFFFF) fail(crc, fmt::format("crc.{} must fit in 32 bits", key));
    return static_cast<std::uint32_t>(v);
  };
  s.crc = {crc_value("polynomial"), crc_value("init"), text_or(crc, "doc")};
  // Counters index arrays in the cores: 0, 1, 2, ... in order.
  for (std::size_t i = 0; i < s.counters.size(); ++i)
    if (s.counters[i].value != static_cast<std::int64_t>(i))
      fail(toml::find<toml::array>(root, "counter")[i], fmt::format("counter '{}': counters are numbered 0, 1, 2, ... in order; "
                                                                    "this one should be {}", s.counters[i].name, i));
  const int length_max = static_cast<int>(field_max("length"));
  for (std::size_t i = 0; i < s.opcodes.size(); ++i) {
    const auto& op = toml::find<toml::array>(root, "opcode")[i];
    auto& named = s.opcodes[i];
    if (named.direction != "to_device" && named.direction != "to_host")
      fail(op, fmt::format("opcode '{}': direction must be \"to_device\" or \"to_host\"", named.name));
    named.length = read_length(op, toml::find<std::string>(op, "length"), length_max, static_cast<int>(s.counters.size()));
    const auto payload = text_or(op, "payload");
    if (payload.empty() != (named.length.max == 0))
      fail(op, fmt::format("opcode '{}': a payload word needs a length above 0, and a length above 0 a payload word", named.name));
    if (payload.empty()) continue;
    bool known = false;
    for (const auto& w : s.words) known = known || (w.name == payload && w.bits == s.word_bits);
    if (!known) fail(op, fmt::format("payload '{}' is not a [[word]] of {} bits", payload, s.word_bits));
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

std::string cpp_word(const Word& w, int word_bits) {
  std::string members, pack, unpack, widths, equal = "true";
  for (const auto& f : w.fields) {
    const auto mask = fmt::format("((std::uint64_t{{1}} << {}) - 1)", f.width());
    equal += fmt::format(" && {0} == o.{0}", f.name);
    members += fmt::format("  std::{} {} = 0;  // bits {}..{}{}\n", f.is_signed ? "int64_t" : "uint64_t", f.name, f.msb, f.lsb,
                           f.is_signed ? ", two's complement" : "");
    widths += fmt::format("  static constexpr int {}_lsb = {}, {}_bits = {};\n", f.name, f.lsb, f.name, f.width());
    if (f.is_signed) {
      const auto sign = fmt::format("(std::uint64_t{{1}} << {})", f.width() - 1);
      pack += fmt::format("  w |= (static_cast<std::uint64_t>(v.{}) & {}) << {};\n", f.name, mask, f.lsb);
      unpack += fmt::format("  v.{} = static_cast<std::int64_t>(((w >> {}) & {}) ^ {}) - static_cast<std::int64_t>({});\n", f.name,
                            f.lsb, mask, sign, sign);
    } else {
      pack += fmt::format("  w |= (v.{} & {}) << {};\n", f.name, mask, f.lsb);
      unpack += fmt::format("  v.{} = (w >> {}) & {};\n", f.name, f.lsb, mask);
    }
  }
  const auto type = camel(w.name);
  if (w.bits < word_bits) widths += fmt::format("  static constexpr int word_bits = {};  // carried in a field of another word\n", w.bits);
  if (w.none) widths += fmt::format("  static constexpr std::uint64_t none = {:#x};  // no {}\n", *w.none, w.name);
  std::string out = fmt::format(
      "// {}\nstruct {} {{\n{}{}  constexpr bool operator==(const {}& o) const {{ return {}; }}\n}};\n\n"
      "constexpr std::uint64_t pack(const {}& v) {{\n  std::uint64_t w = 0;\n{}  return w;\n}}\n\n"
      "constexpr {} unpack_{}(std::uint64_t w) {{\n  {} v;\n{}  return v;\n}}\n\n"
      "// True when every field of v fits its width (pack() would otherwise drop high bits).\n"
      "constexpr bool fits(const {}& v) {{ return unpack_{}(pack(v)) == v; }}\n\n",
      w.doc, type, members, widths, type, equal, type, pack, type, w.name, type, unpack, type, w.name);
  if (w.bits < word_bits)
    out += fmt::format("// True when w has no bit set above the {} word's {} bits.\n"
                       "constexpr bool fits_{}(std::uint64_t w) {{ return (w >> {}) == 0; }}\n\n",
                       w.name, w.bits, w.name, w.bits);
  return out;
}

// C++ condition for a length rule on `length`.
std::string cpp_length(const Length& l) {
  if (l.max == l.min) return fmt::format("length == {}", l.min);
  std::string c = l.min > 0 ? fmt::format("length >= {}", l.min) : "";
  if (l.max >= 0) c += fmt::format("{}length <= {}", c.empty() ? "" : " && ", l.max);
  return c.empty() ? "true" : c;
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
  out += fmt::format("// {}\ninline constexpr std::uint32_t kCrcPolynomial = {:#010x}, kCrcInit = {:#010x};\n\n", s.crc.doc,
                     s.crc.polynomial, s.crc.init);
  out += cpp_word(s.header, s.word_bits);
  for (const auto& w : s.words) out += cpp_word(w, s.word_bits);
  // Payload expected per opcode ("" when none).
  std::string table;
  for (const auto& op : s.opcodes)
    table += fmt::format("    case Opcode::{}: return {};\n", op.name, op.payload.empty() ? "false" : "true");
  out += fmt::format("constexpr bool has_payload(Opcode op) {{\n  switch (op) {{\n{}  }}\n  return false;\n}}\n\n", table);
  std::string known;
  for (const auto& op : s.opcodes) known += fmt::format("    case {:#x}:\n", op.value);
  out += fmt::format("constexpr bool is_opcode(std::uint64_t value) {{\n  switch (value) {{\n{}      return true;\n  }}\n  return false;\n}}\n\n", known);
  std::string direction, length;
  for (const auto& op : s.opcodes) {
    direction += fmt::format("    case Opcode::{}: return {};\n", op.name, op.direction == "to_device" ? "true" : "false");
    length += fmt::format("    case Opcode::{}: return {};  // \"{}\"\n", op.name, cpp_length(op.length), op.length.text);
  }
  out += fmt::format("// True for the opcodes the host sends to the device.\n"
                     "constexpr bool to_device(Opcode op) {{\n  switch (op) {{\n{}  }}\n  return false;\n}}\n\n", direction);
  out += fmt::format("// True when `length` payload words suit the opcode.\n"
                     "constexpr bool length_ok(Opcode op, unsigned length) {{\n  switch (op) {{\n{}  }}\n  return false;\n}}\n\n",
                     length);
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

std::string sv_upper(const std::string& name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

// The CRC register after one word, MSB first (hls/ionarray/link_crc.hpp computes the same a byte
// at a time).
std::uint32_t crc_bitwise(std::uint32_t crc, std::uint64_t word, std::uint32_t polynomial) {
  for (int b = 63; b >= 0; --b) crc = (crc << 1) ^ ((((crc >> 31) ^ (word >> b)) & 1) ? polynomial : 0);
  return crc;
}

// crc_word(crc, word) as 32 balanced XOR trees: the CRC is linear in the register and the word,
// so each result bit is the parity of the inputs its taps select (worked out here from the unit
// vectors). Written out rather than as the bit-serial loop, which synthesis keeps 64 stages deep.
std::string crc_function(const Crc& crc) {
  std::uint32_t register_taps[32] = {};
  std::uint64_t word_taps[32] = {};
  for (int j = 0; j < 32; ++j) {
    const auto out = crc_bitwise(std::uint32_t{1} << j, 0, crc.polynomial);
    for (int i = 0; i < 32; ++i)
      if ((out >> i) & 1) register_taps[i] |= std::uint32_t{1} << j;
  }
  for (int k = 0; k < 64; ++k) {
    const auto out = crc_bitwise(0, std::uint64_t{1} << k, crc.polynomial);
    for (int i = 0; i < 32; ++i)
      if ((out >> i) & 1) word_taps[i] |= std::uint64_t{1} << k;
  }
  std::string bits;
  for (int i = 31; i >= 0; --i)
    bits += fmt::format("      ^(crc & 32'h{:08x}) ^ ^(word & 64'h{:016x}){}  // bit {}\n", register_taps[i], word_taps[i],
                        i > 0 ? "," : "", i);
  return "  // The CRC register after `word` (its bits from 63 down through the register), each result bit\n"
         "  // the parity of the register and word bits it depends on.\n"
         "  function automatic logic [31:0] crc_word(input logic [31:0] crc, input logic [63:0] word);\n"
         "    crc_word = {\n" + bits + "    };\n  endfunction\n\n";
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
  out += fmt::format("  // {}\n  localparam logic [31:0] CRC_POLYNOMIAL = 32'h{:08x}, CRC_INIT = 32'h{:08x};\n\n", s.crc.doc,
                     s.crc.polynomial, s.crc.init);
  out += crc_function(s.crc);
  std::vector<Word> words = {s.header};
  words.insert(words.end(), s.words.begin(), s.words.end());
  for (const auto& w : words) {
    std::vector<Field> by_msb = w.fields;
    std::sort(by_msb.begin(), by_msb.end(), [](const Field& a, const Field& b) { return a.msb > b.msb; });
    const auto upper = sv_upper(w.name);
    if (w.bits < s.word_bits) {
      out += fmt::format("  // {}\n  localparam int {}_BITS = {};\n", w.doc, upper, w.bits);
      for (const auto& f : w.fields)
        out += fmt::format("  localparam int {0}_{1}_LSB = {2}, {0}_{1}_BITS = {3};\n", upper, sv_upper(f.name), f.lsb, f.width());
      if (w.none) out += fmt::format("  localparam logic [{}:0] {}_NONE = {}'h{:x};  // no {}\n", w.bits - 1, upper, w.bits, *w.none, w.name);
      // Field getters (raw bits; a signed field is two's complement: $signed() it). Each reads some bits of w.
      out += "  /* verilator lint_off UNUSEDSIGNAL */\n";
      for (const auto& f : w.fields)
        out += fmt::format("  function automatic logic [{}:0] {}_{}(input logic [{}:0] w);\n    {}_{} = w[{}:{}];\n  endfunction\n",
                           f.width() - 1, w.name, f.name, w.bits - 1, w.name, f.name, f.msb, f.lsb);
      out += "  /* verilator lint_on UNUSEDSIGNAL */\n\n";
      continue;
    }
    std::string body;
    int next = w.bits - 1, pad = 0;
    for (const auto& f : by_msb) {
      if (f.msb < next) body += fmt::format("    logic [{}:0] reserved{};\n", next - f.msb - 1, pad++);
      body += fmt::format("    logic [{}:0] {};\n", f.width() - 1, f.name);
      next = f.lsb - 1;
    }
    if (next >= 0) body += fmt::format("    logic [{}:0] reserved{};\n", next, pad++);
    out += fmt::format("  // {}\n  typedef struct packed {{\n{}  }} {}_t;\n\n", w.doc, body, w.name);
    out += pack_function(w, by_msb, s.word_bits);
  }
  // Opcode direction and payload-length rules.
  std::string to_device, length;
  for (const auto& op : s.opcodes) {
    if (op.direction == "to_device") to_device += fmt::format("{}OP_{}", to_device.empty() ? "" : ", ", sv_upper(op.name));
    const auto& l = op.length;
    std::string c;
    if (l.max == l.min) {
      c = fmt::format("length == 8'd{}", l.min);
    } else {
      if (l.min > 0) c = fmt::format("length >= 8'd{}", l.min);
      if (l.max >= 0) c += fmt::format("{}length <= 8'd{}", c.empty() ? "" : " && ", l.max);
      if (c.empty()) c = "1'b1";
    }
    length += fmt::format("      OP_{}: length_ok = {};  // \"{}\"\n", sv_upper(op.name), c, l.text);
  }
  out += fmt::format("  // True for the opcodes the host sends to the device.\n"
                     "  function automatic logic to_device(input logic [7:0] op);\n    case (op)\n      {}: to_device = 1'b1;\n"
                     "      default: to_device = 1'b0;\n    endcase\n  endfunction\n\n", to_device);
  out += fmt::format("  // True when `length` payload words suit the opcode.\n"
                     "  function automatic logic length_ok(input logic [7:0] op, input logic [7:0] length);\n    case (op)\n{}"
                     "      default: length_ok = 1'b0;\n    endcase\n  endfunction\n\n", length);
  out += "endpackage\n/* verilator lint_on UNUSEDPARAM */\n";
  return out;
}

std::string generate_doc(const Spec& s) {
  std::string out = "# Host link packets\n\nGenerated from `spec/host_link.toml` by `make host-link-doc`; do not edit.\n"
                    "Words are 64 bits. A packet is a header word, `length` payload words and a trailer word.\n\n";
  out += fmt::format("The trailer holds the {} (polynomial {:#010x}, initial value {:#010x}). A packet is acted on only once its "
                     "trailer is checked.\n\n", s.crc.doc, s.crc.polynomial, s.crc.init);
  const auto fields_table = [&](const Word& w) {
    std::string t = fmt::format("### {}\n\n{}\n\n", w.name, w.doc);
    if (w.bits < s.word_bits) t += fmt::format("A {}-bit word.{}\n\n", w.bits, w.none ? fmt::format(" {:#x} means none.", *w.none) : "");
    t += "| bits | field | meaning |\n|---|---|---|\n";
    for (const auto& f : w.fields)
      t += fmt::format("| {}..{} | {} | {}{} |\n", f.msb, f.lsb, f.name, f.is_signed ? "(two's complement) " : "", f.doc);
    return t + "\n";
  };
  out += "## Words\n\n" + fields_table(s.header);
  for (const auto& w : s.words) out += fields_table(w);
  out += "## Opcodes\n\nA length `N..` is N or more payload words (up to 255), `counters` one word per counter.\n\n"
         "| value | name | direction | payload | length | meaning |\n|---|---|---|---|---|---|\n";
  for (const auto& o : s.opcodes)
    out += fmt::format("| {:#04x} | {} | {} | {} | {} | {} |\n", o.value, o.name, o.direction, o.payload.empty() ? "-" : o.payload,
                       o.length.text, o.doc);
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
