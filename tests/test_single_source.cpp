// Every fact the RTL and the C++ share is written once (spec/*.toml, hls/ionarray/*.hpp) and
// generated for the other side. These checks fail when a hand-written copy reappears:
// - a hand-written SystemVerilog localparam named as a generated constant that does not take
//   its value from the package;
// - the value of a distinctive generated constant (one no other reason would produce) written
//   out as a number in hand-written RTL or host code.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text without // comments, /* */ comments and string literals (their numbers are prose).
std::string code_only(const std::string& text) {
  static const std::regex comments(R"(//[^\n]*|/\*[\s\S]*?\*/|"(\\.|[^"\\\n])*")");
  return std::regex_replace(text, comments, " ");
}

std::vector<fs::path> files_under(const fs::path& dir, const std::vector<std::string>& extensions) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    for (const auto& ext : extensions)
      if (e.is_regular_file() && e.path().extension() == ext) files.push_back(e.path());
  return files;
}

// NAME -> value of every integer localparam of the generated packages.
std::map<std::string, long long> generated_constants() {
  std::map<std::string, long long> constants;
  static const std::regex param(R"(localparam\s+(?:int|logic\s*\[[^\]]*\])\s+(\w+)\s*=\s*(?:(\d+)'h([0-9a-fA-F]+)|(-?\d+))\s*;)");
  for (const char* pkg : {"ionarray_formats_pkg.sv", "ionarray_host_link_pkg.sv", "ionarray_regs_pkg.sv"}) {
    const std::string text = read_text(fs::path(IONARRAY_GENERATED_DIR) / "rtl" / pkg);
    REQUIRE_MESSAGE(!text.empty(), pkg << " not generated");
    for (std::sregex_iterator m(text.begin(), text.end(), param), end; m != end; ++m)
      constants[(*m)[1]] = (*m)[3].matched ? std::stoll((*m)[3], nullptr, 16) : std::stoll((*m)[4]);
  }
  return constants;
}

// A value that marks a copy: large and not a power of two (nor one less, the mask of a field
// width, which other reasons produce too) or one of the format limits named here.
bool distinctive(const std::string& name, long long v) {
  if (name == "V_MAX" || name == "S_MAX" || name == "PULSE_STEPS_MAX" || name == "CONDUCTANCE_WORD_MAX") return true;
  return v >= 1000 && (v & (v - 1)) != 0 && ((v + 1) & v) != 0;
}

}  // namespace

TEST_CASE("hand-written RTL takes every generated constant from its package") {
  const auto constants = generated_constants();
  CHECK(constants.size() > 100);
  CHECK(constants.count("V_MAX") == 1);
  CHECK(constants.count("PULSE_STEPS_MAX") == 1);
  static const std::regex local(R"(localparam\s+[^=;]*?\b(\w+)\s*=\s*([^;,]+))");
  int aliases = 0;
  for (const auto& file : files_under(fs::path(IONARRAY_SOURCE_DIR) / "rtl", {".sv"})) {
    const std::string code = code_only(read_text(file));
    for (std::sregex_iterator m(code.begin(), code.end(), local), end; m != end; ++m) {
      const std::string name = (*m)[1], value = (*m)[2];
      if (!constants.count(name)) continue;
      ++aliases;
      CHECK_MESSAGE(value.find("::") != std::string::npos,
                    file.filename().string() << ": localparam " << name << " = " << value << " copies a generated constant");
    }
  }
  CHECK(aliases > 20);  // (the RTL does alias them: the check saw them)
}

TEST_CASE("no distinctive generated value is written out by hand in RTL or host code") {
  std::map<std::string, std::string> numbers;  // the number as written -> the constant
  for (const auto& [name, value] : generated_constants())
    if (distinctive(name, value)) numbers[std::to_string(value)] = name;
  CHECK(numbers.count("67108863") == 1);  // V_MAX
  CHECK(numbers.count("32767") == 1);     // PULSE_STEPS_MAX
  const fs::path root(IONARRAY_SOURCE_DIR);
  std::vector<fs::path> files = files_under(root / "rtl", {".sv"});
  for (const char* dir : {"host", "sim", "python/src"})
    for (const auto& f : files_under(root / dir, {".cpp", ".hpp"})) files.push_back(f);
  static const std::regex number(R"(\b\d+\b)");
  for (const auto& file : files) {
    const std::string code = code_only(read_text(file));
    for (std::sregex_iterator m(code.begin(), code.end(), number), end; m != end; ++m) {
      const auto it = numbers.find(m->str());
      CHECK_MESSAGE(it == numbers.end(), fs::relative(file, root).string() << " writes " << m->str() << ", the generated "
                                                                           << (it == numbers.end() ? "" : it->second));
    }
  }
}
