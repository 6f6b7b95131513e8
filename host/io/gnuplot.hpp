#pragma once
// Pictures are drawn by gnuplot (Debian package gnuplot-nox): the script is kept next to the
// data, so a user can restyle a figure and rerun `gnuplot NAME.gp` in the output folder.
#include <string>

#include "io/output_dir.hpp"

namespace ionarray {

// Writes NAME.gp (terminal and output preset to NAME.png) and runs gnuplot in `dir`.
// Returns the PNG path; throws InputError when gnuplot is missing or fails.
std::filesystem::path render_plot(const OutputDir& dir, const std::string& name, const std::string& body,
                                  int width_px = 1000, int height_px = 700);

}  // namespace ionarray
