#include "cli/weight_snapshots.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "io/gnuplot.hpp"

namespace ionarray::cli {
namespace {

// The matrix gnuplot draws, in uS: the crossbar (rows down, columns across) or, for a picture
// shape, each column's receptive field side by side (a one-pixel gap between them).
std::string matrix_text(const std::vector<double>& g, int rows, int columns, const WeightPicture& p) {
  std::string text;
  if (p.height == 0) {
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < columns; ++j) text += fmt::format("{:.6g} ", g[static_cast<std::size_t>(i * columns + j)] * 1e6);
      text += "\n";
    }
    return text;
  }
  for (int y = 0; y < p.height; ++y) {
    for (int j = 0; j < columns; ++j) {
      for (int x = 0; x < p.width; ++x) {
        const int i = y * p.width + x;
        text += i < rows ? fmt::format("{:.6g} ", g[static_cast<std::size_t>(i * columns + j)] * 1e6) : "NaN ";
      }
      if (j + 1 < columns) text += "NaN ";
    }
    text += "\n";
  }
  return text;
}

}  // namespace

WeightSnapshots::WeightSnapshots(const Layout& layout, const OutputDir& dir)
    : layout_(layout), dir_(dir), csv_(dir.file("weights.csv"), {"step", "tile", "row", "column", "g"}) {
  for (int t = 0; t < layout.spec.tiles; ++t)
    if (!layout.spec.plasticity.any() || layout.spec.plasticity.plastic(t)) tiles_.push_back(t);
  first_.resize(tiles_.size());
  last_.resize(tiles_.size());
}

void WeightSnapshots::take(Device& device) {
  const auto step = device.current_step();
  const int columns = layout_.spec.columns;
  for (std::size_t k = 0; k < tiles_.size(); ++k) {
    auto g = device.read_conductances(tiles_[k]);
    for (std::size_t s = 0; s < g.size(); ++s)
      csv_.row({double(step), double(tiles_[k]), double(s / static_cast<std::size_t>(columns)),
                double(s % static_cast<std::size_t>(columns)), g[s]});
    if (snapshots_ == 0) first_[k] = g;
    last_[k] = std::move(g);
  }
  if (snapshots_ == 0) first_step_ = step;
  last_step_ = step;
  ++snapshots_;
  csv_.flush();
}

std::vector<std::string> WeightSnapshots::draw(const WeightPicture& p) const {
  std::vector<std::string> files;
  if (snapshots_ == 0) return files;
  const auto& s = layout_.spec;
  for (std::size_t k = 0; k < tiles_.size(); ++k) {
    const auto name = fmt::format("weights-tile{}", tiles_[k]);
    dir_.write_text(name + "-first.txt", matrix_text(first_[k], s.rows, s.columns, p));
    dir_.write_text(name + "-last.txt", matrix_text(last_[k], s.rows, s.columns, p));
    double g_hi = 0;  // the colour scale: the synapses drawn
    const auto drawn = static_cast<std::size_t>(p.height == 0 ? s.rows : p.height * p.width) * static_cast<std::size_t>(s.columns);
    for (const auto* m : {&first_[k], &last_[k]})
      for (std::size_t i = 0; i < drawn; ++i) g_hi = std::max(g_hi, (*m)[i]);
    const auto axes = p.height == 0 ? std::string("set xlabel 'column (neuron)'\nset ylabel 'row (input)'\n")
                                    : fmt::format("set xlabel 'neuron 0 .. {} (each {} x {} inputs)'\nunset ytics\n",
                                                  s.columns - 1, p.height, p.width);
    const auto panel = [&](const char* which, std::uint64_t step, const std::string& file) {
      return fmt::format("set title 'tile {}, {} (step {})'\nplot '{}' matrix with image notitle\n", tiles_[k], which, step, file);
    };
    // The matrix's extent: the crossbar, or the receptive fields side by side with their gaps.
    const int across = p.height == 0 ? s.columns : s.columns * (p.width + 1) - 1;
    const int down = p.height == 0 ? s.rows : p.height;
    render_plot(dir_, name,
                fmt::format("set multiplot layout 1,2\nset palette rgb 33,13,10\nset cbrange [0:{:g}]\nset cblabel 'G (uS)'\n"
                            "set datafile separator whitespace\nset datafile missing 'NaN'\nset xrange [-0.5:{}]\n"
                            "set yrange [{}:-0.5]\nset size ratio -1\n{}{}{}unset multiplot",
                            g_hi * 1e6, across - 0.5, down - 0.5, axes, panel("before", first_step_, name + "-first.txt"),
                            panel("after", last_step_, name + "-last.txt")),
                1200, 600);
    files.push_back(name + ".png");
  }
  return files;
}

}  // namespace ionarray::cli
