#pragma once
// The command line every spec generator shares: SPEC.toml followed by --cpp / --sv / --sv-pkg /
// --doc OUTPUT pairs; each view is produced by a function of the parsed spec (a generator may
// leave --sv-pkg out).
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace ionarray::tools {

template <typename Spec>
struct Views {
  std::function<std::string(const Spec&)> cpp, sv, doc, sv_pkg;
};

template <typename Spec>
int generator_main(int argc, char** argv, const char* name, Spec (*read)(const std::string&), const Views<Spec>& views) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SPEC.toml [--cpp OUT.hpp] [--sv OUT.sv] [--sv-pkg OUT.sv] [--doc OUT.md]\n", name);
    return 2;
  }
  try {
    const Spec spec = read(argv[1]);
    for (int i = 2; i + 1 < argc; i += 2) {
      const std::string flag = argv[i], path = argv[i + 1];
      const auto& view = flag == "--cpp" ? views.cpp : flag == "--sv" ? views.sv : flag == "--doc" ? views.doc
                         : flag == "--sv-pkg" ? views.sv_pkg : nullptr;
      if (!view)
        throw std::runtime_error(fmt::format("unknown option '{}'; allowed: --cpp, --sv, --doc{}", flag, views.sv_pkg ? ", --sv-pkg" : ""));
      std::ofstream out(path);
      out << view(spec);
      if (!out) throw std::runtime_error(fmt::format("{}: cannot write", path));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s: %s\n", name, argv[1], e.what());
    return 1;
  }
  return 0;
}

}  // namespace ionarray::tools
