#include "link_figures.hpp"

#include <fmt/format.h>

#include "io/input_error.hpp"
#include "io/toml_table.hpp"

namespace ionarray::systemc {
namespace {

// Every figure of a link table (and of its not_used table) is { value, unit, source, why }.
void check_figures(const std::string& file, const toml::value& table, const std::string& path) {
  if (!table.is_table()) throw InputError(file, 0, path, "must be a table of figures");
  for (const auto& [key, value] : table.as_table()) {
    if (key == "not_used") {
      check_figures(file, value, path + ".not_used");
      continue;
    }
    if (!value.is_table()) throw InputError(file, 0, path + "." + key, "must be { value, unit, source, why }");
    TomlTable f(file, value, path + "." + key);
    f.child("value");
    for (const char* text : {"unit", "source", "why"})
      if (f.required_text(text).empty()) f.fail(text, "empty: every figure says its unit, its source and why it is used");
    f.finish();
  }
}

// A link's table, every figure in it checked.
TomlTable link_table(TomlTable& top, const std::string& link) {
  const auto& table = top.child(link);
  check_figures(top.file(), table, link);
  return TomlTable(top.file(), table, link);
}

// A figure the model reads: a number > 0 in exactly `unit`; returns value * scale.
double figure(TomlTable& link, const std::string& link_name, const std::string& key, const std::string& unit, double scale) {
  TomlTable f(link.file(), link.child(key), link_name + "." + key);
  const double value = f.required_number("value", 1e-9, 1e12);
  const std::string given = f.required_text("unit");
  if (given != unit) f.fail("unit", fmt::format("'{}' where the model reads '{}'", given, unit));
  return value * scale;
}

}  // namespace

std::filesystem::path default_link_figures_file() { return std::filesystem::path(IONARRAY_SOURCE_DIR) / "sim/systemc/links.toml"; }

LinkFigures read_link_figures(const std::filesystem::path& file) {
  toml::value root;
  try {
    root = toml::parse(file.string());
  } catch (const std::exception& e) {
    throw InputError(file.string(), 0, "", fmt::format("not a readable TOML file: {}", e.what()));
  }
  const std::string name = file.string();
  TomlTable top(name, root, "");
  LinkFigures f;
  {
    TomlTable usb = link_table(top, "usb3");
    f.usb3.pclk_hz = figure(usb, "usb3", "pclk_mhz", "MHz", 1e6);
    f.usb3.max_packet_bytes = figure(usb, "usb3", "max_packet_bytes", "bytes", 1);
    f.usb3.fx3_buffer_bytes = figure(usb, "usb3", "fx3_dma_buffer_bytes", "bytes", 1);
    f.usb3.bulk_bytes_per_s = figure(usb, "usb3", "bulk_bandwidth", "MB/s", 1e6);
    f.usb3.transfer_overhead_s = figure(usb, "usb3", "transfer_overhead", "us", 1e-6);
    f.usb3.completion_latency_s = figure(usb, "usb3", "completion_latency", "us", 1e-6);
  }
  {
    TomlTable pcie = link_table(top, "pcie");
    f.pcie.kernel_clock_hz = figure(pcie, "pcie", "kernel_clock_mhz", "MHz", 1e6);
    f.pcie.h2c_bytes_per_s = figure(pcie, "pcie", "dma_bandwidth_h2c", "MB/s", 1e6);
    f.pcie.c2h_bytes_per_s = figure(pcie, "pcie", "dma_bandwidth_c2h", "MB/s", 1e6);
    f.pcie.sync_overhead_s = figure(pcie, "pcie", "sync_overhead", "us", 1e-6);
    f.pcie.kernel_start_s = figure(pcie, "pcie", "kernel_start", "us", 1e-6);
    f.pcie.kernel_completion_s = figure(pcie, "pcie", "kernel_completion", "us", 1e-6);
  }
  top.finish();
  return f;
}

}  // namespace ionarray::systemc
