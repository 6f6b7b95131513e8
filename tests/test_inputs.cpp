// Bad input: every error names the file, the line, the field and what is allowed.
#include <doctest/doctest.h>

#include <string>

#include "data/measured.hpp"
#include "experiments/backend.hpp"
#include "experiments/neuron_run.hpp"
#include "io/input_error.hpp"
#include "input_errors.hpp"
#include "io/param_file.hpp"
#include "temp_files.hpp"

using ionarray::InputError;
using ionarray::testing::error_of;
using ionarray::testing::has;
using ionarray::testing::TempDir;

TEST_CASE("parameter file overrides a named set field by field") {
  TempDir dir;
  const auto path = dir.write("my.toml", "base = \"lif\"\n[device]\nmu = 120\npolarity = \"asymmetric\"\n[circuit]\nc = 5e-9\n");
  const auto set = ionarray::load_parameter_file(path);
  CHECK(set.device.mu == 120);
  CHECK(set.device.polarity == ionarray::reference::Polarity::asymmetric);
  CHECK(set.circuit.c == 5e-9);
  CHECK(set.device.gamma1 == ionarray::reference::named_set("lif").device.gamma1);
}

TEST_CASE("unknown parameter: file, line, field and the allowed names") {
  TempDir dir;
  const auto path = dir.write("bad.toml", "base = \"lif\"\n[device]\nmu = 120\nmuu = 3\n");
  const auto msg = error_of([&] { ionarray::load_parameter_file(path); });
  CHECK(has(msg, path + ":4"));
  CHECK(has(msg, "device.muu"));
  CHECK(has(msg, "unknown parameter 'muu' in [device]; allowed: polarity, c2c, "));
  CHECK(has(msg, "gamma1"));
}

TEST_CASE("out-of-range values are refused, not clamped") {
  TempDir dir;
  const auto c = dir.write("c.toml", "base = \"lif\"\n[circuit]\n\nc = -1e-9\n");
  const auto msg = error_of([&] { ionarray::load_parameter_file(c); });
  CHECK(has(msg, c + ":4"));
  CHECK(has(msg, "circuit.c"));
  CHECK(has(msg, "allowed: 0 <= value <= 0.001 F"));

  const auto dt = dir.write("dt.toml", "base = \"lif\"\n[circuit]\ndt = 1e-4\n");
  const auto too_big = error_of([&] { ionarray::load_parameter_file(dt); });
  CHECK(has(too_big, dt + ":3"));
  CHECK(has(too_big, "too large"));

  const auto zero_dt = dir.write("z.toml", "base = \"lif\"\n[circuit]\ndt = 0\n");
  CHECK(has(error_of([&] { ionarray::load_parameter_file(zero_dt); }), "allowed: 1e-12 <= value <= 1 s"));

  const auto kind = dir.write("k.toml", "base = \"lif\"\n[device]\nmu = \"fast\"\n");
  CHECK(has(error_of([&] { ionarray::load_parameter_file(kind); }), "must be a number"));
}

TEST_CASE("malformed TOML, a missing base and an unknown base are errors") {
  TempDir dir;
  const auto broken = dir.write("broken.toml", "base = \"lif\"\n[device\nmu = 1\n");
  CHECK(has(error_of([&] { ionarray::load_parameter_file(broken); }), "not a valid TOML file"));
  const auto nobase = dir.write("nobase.toml", "[device]\nmu = 1\n");
  CHECK(has(error_of([&] { ionarray::load_parameter_file(nobase); }), "base = \"NAME\""));
  const auto unknown = dir.write("unknown.toml", "base = \"lfi\"\n");
  const auto msg = error_of([&] { ionarray::load_parameter_file(unknown); });
  CHECK(has(msg, "unknown parameter set 'lfi'"));
  CHECK(has(msg, "oscillator"));
  CHECK(has(error_of([] { ionarray::resolve_parameter_set("nonesuch"); }), "known sets"));
}

TEST_CASE("malformed CSV: the line and column of the first bad value") {
  TempDir dir;
  const auto bad = dir.write("sweep.csv", "cycle,sample,voltage_V,current_A\n0,0,0.1,1e-12\n0,1,0.2,abc\n");
  const auto msg = error_of([&] { ionarray::load_dc_sweeps(bad); });
  CHECK(has(msg, bad + ":3"));
  CHECK(has(msg, "current_A"));
  const auto short_row = dir.write("short.csv", "cycle,sample,voltage_V,current_A\n0,0,0.1\n");
  CHECK(has(error_of([&] { ionarray::load_dc_sweeps(short_row); }), "has 3 fields; expected 4"));
  const auto header = dir.write("header.csv", "a,b\n1,2\n");
  CHECK(has(error_of([&] { ionarray::detect_data_kind(header); }), "neither"));
}

TEST_CASE("piecewise-linear drive from CSV, with its errors") {
  TempDir dir;
  auto set = ionarray::reference::named_set("lif");
  set.drive = {.kind = ionarray::reference::DriveKind::pwl,
               .pwl_file = dir.write("wave.csv", "time_s,voltage_V\n0,0\n1e-3,2\n")};
  CHECK(ionarray::make_drive(set).at(500) == doctest::Approx(1.0));
  set.drive.pwl_file = dir.write("back.csv", "time_s,voltage_V\n0,0\n1e-3,2\n5e-4,1\n");
  const auto msg = error_of([&] { ionarray::make_drive(set); });
  CHECK(has(msg, set.drive.pwl_file + ":4"));
  CHECK(has(msg, "time_s"));
}

TEST_CASE("single-neuron backends are named as devices are, the short names as aliases") {
  CHECK(ionarray::parse_backend("reference://") == ionarray::Backend::reference);
  CHECK(ionarray::parse_backend("reference") == ionarray::Backend::reference);
  CHECK(ionarray::parse_backend("fixed://") == ionarray::Backend::fixed);
  CHECK(ionarray::parse_backend("fixed") == ionarray::Backend::fixed);
  CHECK(ionarray::backend_name(ionarray::Backend::fixed) == "fixed://");
  const auto msg = error_of([] { ionarray::parse_backend("verilator://"); });
  CHECK(has(msg, "--backend"));
  CHECK(has(msg, "unknown backend 'verilator://' for single neurons; available: reference:// (or reference), fixed:// (or fixed)"));
}

TEST_CASE("a TOML file that is not UTF-8 is refused with its line, before it is parsed") {
  TempDir dir;
  // (a quoted key holding a stray byte: the parser itself read past its buffer on these)
  const auto bad = dir.write("latin1.toml", "base = \"lif\"\n[device]\n'mu\xe9' = 3\n");
  CHECK(has(error_of([&] { ionarray::load_parameter_file(bad); }), bad + ":3: byte 0xE9 is not UTF-8"));
  const auto layout = dir.write("layout.toml", "[chip]\n# caf\xc3\xa9 is fine, a lone \xc3 is not\n");
  CHECK(has(error_of([&] { ionarray::load_layout(layout); }), layout + ":2: byte 0xC3 is not UTF-8"));
}
