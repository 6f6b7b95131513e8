#include "io/gnuplot.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "io/input_error.hpp"

namespace ionarray {

std::filesystem::path render_plot(const OutputDir& dir, const std::string& name, const std::string& body,
                                  int width_px, int height_px) {
  const std::string script = fmt::format(
      "set terminal pngcairo size {},{} font 'sans,10'\nset output '{}.png'\nset datafile separator ','\n"
      "set key noautotitle\n{}\n",
      width_px, height_px, name, body);
  dir.write_text(name + ".gp", script);
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    throw InputError("", 0, "", "gnuplot not found: run scripts/install-deps.sh (package gnuplot-nox)");
  const std::string cmd = fmt::format("cd '{}' && gnuplot '{}.gp' 2>'{}.gp.log'", dir.path().string(), name, name);
  if (std::system(cmd.c_str()) != 0)
    throw InputError(dir.file(name + ".gp").string(), 0, "",
                     fmt::format("gnuplot failed; see {}", dir.file(name + ".gp.log").string()));
  std::filesystem::remove(dir.file(name + ".gp.log"));
  return dir.file(name + ".png");
}

}  // namespace ionarray
