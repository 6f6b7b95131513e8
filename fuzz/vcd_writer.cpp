// The VCD writer (host/io/vcd_writer.*) with what a layout and its parameter set decide: the
// step length (circuit.dt), how many scopes and variables, their names, the values (anything a
// model may produce, infinities and NaN included) and the steps they change at. The file must
// stay one GTKWave reads: every declaration on its own $var line with a name that is one token,
// time stamps strictly increasing, every change naming a declared code. A name that cannot be a
// VCD identifier must be refused when declared, not written.
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "byte_reader.hpp"
#include "fuzz_check.hpp"
#include "fuzz_files.hpp"
#include "io/vcd_writer.hpp"

using namespace ionarray;

namespace {

bool identifier_ok(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c > '~') return false;
  return s != "$end";
}

void check_file(const std::string& path, std::size_t vars) {
  std::ifstream in(path);
  std::string line;
  std::set<std::string> codes;
  bool definitions_done = false;
  bool stamped = false;
  std::uint64_t last_time = 0;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (!definitions_done) {
      if (line.starts_with("$var")) {
        FUZZ_CHECK(w.size() == 6 && w[5] == "$end", "a $var line of %zu words: %s", w.size(), line.c_str());
        codes.insert(w[3]);
      }
      if (line == "$enddefinitions $end") definitions_done = true;
      continue;
    }
    FUZZ_CHECK(!line.empty(), "an empty line among the changes");
    if (line[0] == '#') {
      const auto t = std::stoull(line.substr(1));
      FUZZ_CHECK(!stamped || t > last_time, "time %llu after %llu", static_cast<unsigned long long>(t),
                 static_cast<unsigned long long>(last_time));
      stamped = true;
      last_time = t;
    } else if (line[0] == 'r') {
      FUZZ_CHECK(stamped && w.size() == 2 && codes.count(w[1]), "a real change before a time or of no variable: %s", line.c_str());
    } else {
      FUZZ_CHECK(stamped && (line[0] == '0' || line[0] == '1') && codes.count(line.substr(1)), "a bad change line: %s",
                 line.c_str());
    }
  }
  FUZZ_CHECK(definitions_done, "no $enddefinitions");
  FUZZ_CHECK(codes.size() == vars, "%zu codes declared for %zu variables", codes.size(), vars);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ByteReader in(data, size);
  // A step the parameter sets allow: 1 ps .. 1 s.
  const double step_s = std::pow(10.0, -12.0 + 12.0 * double(in.number(2)) / 65535.0);
  const auto path = (fuzz::scratch_dir() / "traces.vcd").string();
  std::size_t declared = 0;
  {
    VcdWriter vcd(path, step_s, "fuzz");
    std::vector<int> reals, wires;
    for (int n = in.byte() % 24; n > 0; --n) {
      std::vector<std::string> scope;
      for (int depth = in.byte() % 4; depth > 0; --depth) scope.push_back(in.text(12));
      const auto name = in.text(12);
      const bool real = in.byte() & 1;
      bool ok = identifier_ok(name);
      for (const auto& s : scope) ok = ok && identifier_ok(s);
      try {
        (real ? reals : wires).push_back(real ? vcd.add_real(scope, name) : vcd.add_wire(scope, name));
        ++declared;
        FUZZ_CHECK(ok, "the name '%s' (or its scope) was accepted", name.c_str());
      } catch (const std::invalid_argument&) {
        FUZZ_CHECK(!ok, "the name '%s' was refused", name.c_str());
      }
    }
    std::uint64_t committed = 0;
    while (!in.empty()) {
      const auto op = in.byte();
      const std::uint64_t step = committed + in.number(1);
      if (op % 4 == 0) {
        vcd.commit_before(step);
        committed = step;
      } else if (op % 4 == 1 && !reals.empty()) {
        vcd.set_real(step, reals[in.byte() % reals.size()], in.real());
      } else if (!wires.empty()) {
        vcd.set_bit(step, wires[in.byte() % wires.size()], op & 8);
      }
    }
  }
  check_file(path, declared);
  return 0;
}
