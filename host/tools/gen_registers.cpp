// Generates the register block from spec/registers.toml: the C++ header (host driver, link core),
// the SystemVerilog AXI4-Lite register module (rtl/) and the documentation table.
//
//   gen_registers SPEC.toml [--cpp OUT.hpp] [--sv OUT.sv] [--sv-pkg OUT_pkg.sv] [--doc OUT.md]
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <toml.hpp>

#include "generator_main.hpp"

namespace {

struct Field {
  std::string name;
  int msb = 0, lsb = 0;  // one bit: msb == lsb
};
struct Register {
  std::string name, access, doc, reset_param;
  std::uint32_t offset = 0, reset = 0;
  bool hw = false;
  std::vector<Field> fields;
};
struct Spec {
  int data_bits = 32, address_bits = 8;
  std::vector<Register> registers;
};

std::string upper(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

[[noreturn]] void fail(const toml::value& where, const std::string& message) {
  throw std::runtime_error(toml::format_error(message, where, "here"));
}

Spec read_spec(const std::string& path) {
  const auto root = toml::parse(path);
  Spec s{toml::find<int>(root, "data_bits"), toml::find<int>(root, "address_bits"), {}};
  if (s.data_bits != 32) fail(root, "data_bits must be 32 (AXI4-Lite)");
  std::set<std::uint32_t> offsets;
  std::set<std::string> names;
  for (const auto& v : toml::find<toml::array>(root, "register")) {
    Register r;
    r.name = toml::find<std::string>(v, "name");
    r.offset = toml::find<std::uint32_t>(v, "offset");
    r.access = toml::find<std::string>(v, "access");
    r.doc = v.contains("doc") ? toml::find<std::string>(v, "doc") : "";
    r.hw = v.contains("hw") && toml::find<bool>(v, "hw");
    if (r.access != "ro" && r.access != "rw" && r.access != "w1p")
      fail(v, fmt::format("register '{}': access must be \"ro\", \"rw\" or \"w1p\"", r.name));
    if (r.offset % 4 != 0 || r.offset >= (1u << s.address_bits))
      fail(v, fmt::format("register '{}': offset must be 4-byte aligned and below 2^{}", r.name, s.address_bits));
    if (!offsets.insert(r.offset).second) fail(v, fmt::format("register '{}': offset {:#x} is used twice", r.name, r.offset));
    if (!names.insert(r.name).second) fail(v, fmt::format("register '{}' is defined twice", r.name));
    if (v.contains("reset")) {
      const auto& reset = toml::find(v, "reset");
      if (reset.is_string()) {
        const auto text = reset.as_string().str;
        if (text.rfind("param:", 0) != 0) fail(v, "reset must be a number or \"param:NAME\"");
        r.reset_param = text.substr(6);
      } else {
        r.reset = static_cast<std::uint32_t>(reset.as_integer());
      }
    } else if (r.access == "rw" || (r.access == "ro" && !r.hw)) {
      fail(v, fmt::format("register '{}' needs a reset value", r.name));
    }
    if (v.contains("fields")) {
      std::uint32_t used = 0;
      for (const auto& f : toml::find<toml::array>(v, "fields")) {
        Field field{toml::find<std::string>(f, "name")};
        if (f.contains("bit")) field.msb = field.lsb = toml::find<int>(f, "bit");
        else if (f.contains("msb") && f.contains("lsb")) field.msb = toml::find<int>(f, "msb"), field.lsb = toml::find<int>(f, "lsb");
        else fail(f, fmt::format("field '{}' needs bit = N (one bit) or msb and lsb", field.name));
        if (field.lsb < 0 || field.msb < field.lsb || field.msb >= s.data_bits)
          fail(f, fmt::format("field '{}': bits must satisfy 0 <= lsb <= msb <= 31", field.name));
        const std::uint32_t bits = static_cast<std::uint32_t>((std::uint64_t{1} << (field.msb - field.lsb + 1)) - 1) << field.lsb;
        if (used & bits) fail(f, fmt::format("field '{}' overlaps another field of '{}'", field.name, r.name));
        used |= bits;
        r.fields.push_back(field);
      }
    }
    s.registers.push_back(r);
  }
  return s;
}

std::string generate_cpp(const Spec& s) {
  std::string body;
  for (const auto& r : s.registers) {
    body += fmt::format("inline constexpr std::uint32_t {} = {:#04x};  // {} {}{}\n", r.name, r.offset, r.access,
                        r.hw ? "(from the core) " : "", r.doc);
    if (r.reset_param.empty() && r.access != "w1p" && !(r.access == "ro" && r.hw))
      body += fmt::format("inline constexpr std::uint32_t {}_reset = {:#x};\n", r.name, r.reset);
    for (const auto& f : r.fields) {
      if (f.msb == f.lsb) {
        body += fmt::format("inline constexpr std::uint32_t {}_{}_bit = 1u << {};\n", r.name, f.name, f.lsb);
      } else {
        body += fmt::format("inline constexpr int {}_{}_lsb = {};\n", r.name, f.name, f.lsb);
        body += fmt::format("inline constexpr std::uint32_t {}_{}_mask = {:#x};  // bits {}:{}\n", r.name, f.name,
                            ((std::uint64_t{1} << (f.msb - f.lsb + 1)) - 1) << f.lsb, f.msb, f.lsb);
      }
    }
  }
  return fmt::format(
      "#pragma once\n// Generated by host/tools/gen_registers.cpp from spec/registers.toml. Do not edit.\n"
      "#include <cstdint>\n\nnamespace ionarray::regs {{\n\ninline constexpr int kAddressBits = {};\n\n{}\n}}  // namespace ionarray::regs\n",
      s.address_bits, body);
}

// The register offsets and fixed values for other RTL (the array core answers read_register
// packets with the same map).
std::string generate_sv_pkg(const Spec& s) {
  std::string body;
  for (const auto& r : s.registers) {
    body += fmt::format("  localparam logic [31:0] REG_{} = 32'h{:02x};  // {}\n", upper(r.name), r.offset, r.access);
    if (r.reset_param.empty() && r.access == "ro" && !r.hw)
      body += fmt::format("  localparam logic [31:0] REG_{}_VALUE = 32'h{:x};\n", upper(r.name), r.reset);
    for (const auto& f : r.fields) {
      if (f.msb == f.lsb) {
        body += fmt::format("  localparam int REG_{}_{}_BIT = {};\n", upper(r.name), upper(f.name), f.lsb);
      } else {
        body += fmt::format("  localparam int REG_{}_{}_LSB = {};\n", upper(r.name), upper(f.name), f.lsb);
        body += fmt::format("  localparam int REG_{}_{}_WIDTH = {};\n", upper(r.name), upper(f.name), f.msb - f.lsb + 1);
      }
    }
  }
  // (a package: each user takes the constants it needs)
  return "// Generated by host/tools/gen_registers.cpp from spec/registers.toml. Do not edit.\n"
         "/* verilator lint_off UNUSEDPARAM */\npackage ionarray_regs_pkg;\n" + body +
         "endpackage\n/* verilator lint_on UNUSEDPARAM */\n";
}

std::string generate_sv(const Spec& s) {
  std::set<std::string> params;
  for (const auto& r : s.registers)
    if (!r.reset_param.empty()) params.insert(r.reset_param);
  std::string param_list;
  // Values are set by the instantiating top (from ionarray_formats_pkg); 1 only keeps lint quiet.
  for (const auto& p : params) param_list += fmt::format("{}  parameter int unsigned {} = 1", param_list.empty() ? "" : ",\n", p);
  std::vector<std::pair<std::string, std::string>> port_list;  // declaration, comment
  std::string regs, reset_block, write_cases, read_cases, pulse_cases, assigns;
  for (const auto& r : s.registers) {
    const auto addr = fmt::format("{}'h{:x}", s.address_bits - 2, r.offset >> 2);
    if (r.access == "rw") {
      port_list.emplace_back(fmt::format("  output logic [31:0] {}_o", r.name), r.doc);
      regs += fmt::format("  logic [31:0] {}_q;\n", r.name);
      reset_block += fmt::format("      {}_q <= 32'h{:x};\n", r.name, r.reset);
      write_cases += fmt::format("          {}: for (int b = 0; b < 4; b++) if (s_axil_wstrb[b]) {}_q[8*b +: 8] <= s_axil_wdata[8*b +: 8];\n",
                                 addr, r.name);
      read_cases += fmt::format("      {}: read_data = {}_q;\n", addr, r.name);
      assigns += fmt::format("  assign {}_o = {}_q;\n", r.name, r.name);
    } else if (r.access == "w1p") {
      port_list.emplace_back(fmt::format("  output logic [31:0] {}_pulse_o", r.name), r.doc);
      regs += fmt::format("  logic [31:0] {}_pulse_q;\n", r.name);
      pulse_cases += fmt::format("    {}_pulse_q <= (write_fire && write_word == {}) ? s_axil_wdata : 32'h0;\n", r.name, addr);
      write_cases += fmt::format("          {}: ;  // pulses, below\n", addr);
      read_cases += fmt::format("      {}: read_data = 32'h0;\n", addr);
      assigns += fmt::format("  assign {}_pulse_o = {}_pulse_q;\n", r.name, r.name);
    } else if (r.hw) {
      port_list.emplace_back(fmt::format("  input  logic [31:0] {}_i", r.name), r.doc);
      read_cases += fmt::format("      {}: read_data = {}_i;\n", addr, r.name);
    } else {
      const auto value = r.reset_param.empty() ? fmt::format("32'h{:x}", r.reset) : fmt::format("32'({})", r.reset_param);
      read_cases += fmt::format("      {}: read_data = {};\n", addr, value);
    }
  }
  std::string ports;
  for (std::size_t k = 0; k < port_list.size(); ++k)
    ports += fmt::format("{}{}  // {}\n", port_list[k].first, k + 1 < port_list.size() ? "," : "", port_list[k].second);
  const int ab = s.address_bits;
  return fmt::format(R"(// Generated by host/tools/gen_registers.cpp from spec/registers.toml. Do not edit.
// AXI4-Lite register block. Writes to read-only or unmapped addresses and unaligned accesses
// answer SLVERR and change nothing; reads of unmapped addresses answer SLVERR and 0.
module ionarray_regs #(
{params}
) (
  input  logic clk_i,
  input  logic rst_ni,
  // AXI4-Lite slave
  input  logic [{am}:0] s_axil_awaddr,
  input  logic        s_axil_awvalid,
  output logic        s_axil_awready,
  input  logic [31:0] s_axil_wdata,
  input  logic [3:0]  s_axil_wstrb,
  input  logic        s_axil_wvalid,
  output logic        s_axil_wready,
  output logic [1:0]  s_axil_bresp,
  output logic        s_axil_bvalid,
  input  logic        s_axil_bready,
  input  logic [{am}:0] s_axil_araddr,
  input  logic        s_axil_arvalid,
  output logic        s_axil_arready,
  output logic [31:0] s_axil_rdata,
  output logic [1:0]  s_axil_rresp,
  output logic        s_axil_rvalid,
  input  logic        s_axil_rready,
  // Registers
{ports});
  localparam logic [1:0] OKAY = 2'b00, SLVERR = 2'b10;

{regs}
  // Write: address and data are taken together, one transaction at a time.
  logic write_fire;
  logic [{wm}:0] write_word;
  assign write_fire     = s_axil_awvalid && s_axil_wvalid && !s_axil_bvalid;
  assign s_axil_awready = write_fire;
  assign s_axil_wready  = write_fire;
  assign write_word     = s_axil_awaddr[{am}:2];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
{reset}      s_axil_bvalid <= 1'b0;
      s_axil_bresp  <= OKAY;
    end else begin
      if (s_axil_bvalid && s_axil_bready) s_axil_bvalid <= 1'b0;
      if (write_fire) begin
        s_axil_bvalid <= 1'b1;
        s_axil_bresp  <= OKAY;
        if (s_axil_awaddr[1:0] != 2'b00) begin
          s_axil_bresp <= SLVERR;
        end else begin
          unique case (write_word)
{writes}            default: s_axil_bresp <= SLVERR;
          endcase
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
{pulse_reset}    end else begin
{pulses}    end
  end

  // Read.
  logic        read_fire;
  logic [31:0] read_data;
  logic        read_mapped;
  assign read_fire      = s_axil_arvalid && !s_axil_rvalid;
  assign s_axil_arready = read_fire;
  always_comb begin
    read_data   = 32'h0;
    read_mapped = s_axil_araddr[1:0] == 2'b00;
    unique case (s_axil_araddr[{am}:2])
{reads}      default: read_mapped = 1'b0;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_axil_rvalid <= 1'b0;
      s_axil_rdata  <= 32'h0;
      s_axil_rresp  <= OKAY;
    end else begin
      if (s_axil_rvalid && s_axil_rready) s_axil_rvalid <= 1'b0;
      if (read_fire) begin
        s_axil_rvalid <= 1'b1;
        s_axil_rdata  <= read_mapped ? read_data : 32'h0;
        s_axil_rresp  <= read_mapped ? OKAY : SLVERR;
      end
    end
  end

{assigns}endmodule
)",
                     fmt::arg("params", param_list), fmt::arg("am", ab - 1), fmt::arg("wm", ab - 3),
                     fmt::arg("ports", ports), fmt::arg("regs", regs), fmt::arg("reset", reset_block),
                     fmt::arg("writes", write_cases), fmt::arg("pulses", pulse_cases),
                     fmt::arg("pulse_reset", [&] {
                       std::string out;
                       for (const auto& r : s.registers)
                         if (r.access == "w1p") out += fmt::format("      {}_pulse_q <= 32'h0;\n", r.name);
                       return out;
                     }()),
                     fmt::arg("reads", read_cases), fmt::arg("assigns", assigns));
}

std::string generate_doc(const Spec& s) {
  std::string out = "# Register map\n\nGenerated from `spec/registers.toml` by `make registers-doc`; do not edit.\n"
                    "AXI4-Lite, 32-bit registers. ro: read-only (constant or from the core), rw: read-write, "
                    "w1p: write 1 to pulse. Writes to ro or unmapped addresses answer SLVERR.\n\n"
                    "| offset | name | access | reset | meaning |\n|---|---|---|---|---|\n";
  for (const auto& r : s.registers) {
    const auto reset = !r.reset_param.empty() ? "parameter " + r.reset_param
                       : (r.access == "ro" && r.hw) ? std::string("-")
                                                     : fmt::format("{:#x}", r.reset);
    std::string fields;
    for (const auto& f : r.fields)
      fields += (fields.empty() ? "; fields: " : ", ") +
                (f.msb == f.lsb ? fmt::format("`{}` bit {}", f.name, f.lsb) : fmt::format("`{}` bits {}:{}", f.name, f.msb, f.lsb));
    out += fmt::format("| {:#04x} | {} | {}{} | {} | {}{} |\n", r.offset, r.name, r.access, r.hw ? " (core)" : "", reset, r.doc,
                       fields);
  }
  return out;
}


}  // namespace

int main(int argc, char** argv) {
  return ionarray::tools::generator_main<Spec>(argc, argv, "gen_registers", read_spec,
                                               {generate_cpp, generate_sv, generate_doc, generate_sv_pkg});
}
