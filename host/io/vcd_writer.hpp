#pragma once
// A Value Change Dump (IEEE 1364-2005, section 18.2) for GTKWave: real-valued variables and
// one-bit wires in nested scopes. Changes may be given out of time order within the window not
// yet committed; they are written in time order. The file is complete and closed when the
// writer goes out of scope, also when a run fails midway.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ionarray {

class VcdWriter {
 public:
  // `step_s`: seconds per time tick of the caller (a simulation step); the $timescale is the
  // largest of 1, 10, 100 s .. fs that divides it.
  VcdWriter(const std::filesystem::path& path, double step_s, std::string comment);
  ~VcdWriter();
  VcdWriter(const VcdWriter&) = delete;
  VcdWriter& operator=(const VcdWriter&) = delete;

  // Declarations, before the first change. `scope` is a path of module names. Names must be
  // printable ASCII without spaces (one token of the file): others are an invalid_argument.
  int add_real(const std::vector<std::string>& scope, const std::string& name);
  int add_wire(const std::vector<std::string>& scope, const std::string& name);

  // A change at `step` (in ticks). A step before the last commit is a logic_error.
  void set_real(std::uint64_t step, int var, double value);
  void set_bit(std::uint64_t step, int var, bool value);
  // Writes every change before `step`: no later call may use an earlier step.
  void commit_before(std::uint64_t step);

  // "1 us" for 1e-6 and so on; exposed for tests. `ticks_per_step` receives step_s / unit.
  static std::string timescale_for(double step_s, std::uint64_t& ticks_per_step);

 private:
  struct Var {
    std::vector<std::string> scope;
    std::string name, code;
    bool real;
  };
  void header();
  void change(std::uint64_t step, std::string text);

  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
  std::filesystem::path path_;
  std::string timescale_, comment_;
  std::uint64_t ticks_per_step_ = 1, committed_ = 0;
  std::vector<Var> vars_;
  bool header_written_ = false;
  std::map<std::uint64_t, std::string> pending_;  // changes by step, not yet written
};

}  // namespace ionarray
