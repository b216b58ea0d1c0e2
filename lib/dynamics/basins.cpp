#include "lib/dynamics/basins.hpp"

#include <fmt/format.h>

#include "lib/io/csv.hpp"
#include "lib/cli/report.hpp"

namespace memo {

Mat grid_points(const Grid2d& g) {
  if (g.nx < 2 || g.ny < 2) throw Error(fmt::format("grid of {}×{} points: need at least 2×2", g.nx, g.ny));
  if (!(g.x_max > g.x_min) || !(g.y_max > g.y_min))
    throw Error(fmt::format("grid [{}, {}]×[{}, {}] is empty", g.x_min, g.x_max, g.y_min, g.y_max));
  Mat P(2, static_cast<Eigen::Index>(g.nx) * g.ny);
  for (int iy = 0; iy < g.ny; ++iy)
    for (int ix = 0; ix < g.nx; ++ix) {
      P(0, iy * g.nx + ix) = g.x_min + (g.x_max - g.x_min) * ix / (g.nx - 1);
      P(1, iy * g.nx + ix) = g.y_min + (g.y_max - g.y_min) * iy / (g.ny - 1);
    }
  return P;
}

int Basins::label(int point) const {
  const TrajectoryEnd& end = result.ends[point];
  switch (end.kind) {
    case LimitKind::training_example: return end.example;
    case LimitKind::spurious_fixed_point:
    case LimitKind::cycle: return examples + end.limit;
    case LimitKind::diverged: return -1;
    case LimitKind::undecided: return -2;
  }
  return -2;
}

Basins basins_2d(const DynamicalMap& f, const Mat& examples, const Grid2d& grid, const IterationCriterion& criterion) {
  if (f.dim != 2) throw Error(fmt::format("basins_2d: the map acts on dimension {}, expected 2", f.dim));
  Basins b;
  b.grid = grid;
  b.points = grid_points(grid);
  b.field = f.apply(b.points) - b.points;
  b.result = iterate(f, b.points, examples, criterion);
  b.examples = static_cast<int>(examples.cols());
  return b;
}

CsvTable basins_table(const Basins& b) {
  CsvTable table({"x", "y", "label", "kind", "steps", "fx_minus_x", "fy_minus_y"});
  for (Eigen::Index j = 0; j < b.points.cols(); ++j) {
    const TrajectoryEnd& end = b.result.ends[j];
    table.add_row({b.points(0, j), b.points(1, j), static_cast<long>(b.label(static_cast<int>(j))),
                   limit_kind_name(end.kind), static_cast<long>(end.steps), b.field(0, j), b.field(1, j)});
  }
  return table;
}

void write_basins_csv(const std::string& path, const Basins& b) { basins_table(b).write(path); }

std::string basins_gnuplot_script(const std::string& png_path, const std::string& basins_csv,
                                  const std::string& examples_csv, const Basins& b, const std::string& title,
                                  int arrow_stride) {
  const Grid2d& g = b.grid;
  const double dx = (g.x_max - g.x_min) / (g.nx - 1), dy = (g.y_max - g.y_min) / (g.ny - 1);
  // Arrows are normalised to a fixed length so that both slow and fast regions show direction.
  const double arrow = 0.8 * arrow_stride * std::min(dx, dy);
  return fmt::format(
      "set terminal pngcairo size 900,800\n"
      "set output '{png}'\n"
      "set datafile separator ','\n"
      "set title '{title}'\n"
      "set xrange [{x0}:{x1}]\nset yrange [{y0}:{y1}]\nset size ratio -1\n"
      // One distinct colour per label (cycling after 10); diverged black, undecided grey.
      "set palette maxcolors 12\n"
      "set palette defined (-2 '#bbbbbb', -1 '#000000', 0 '#4e79a7', 1 '#f28e2b', 2 '#59a14f', 3 '#e15759', "
      "4 '#b07aa1', 5 '#76b7b2', 6 '#edc948', 7 '#ff9da7', 8 '#9c755f', 9 '#2f4b7c')\n"
      "set cbrange [-2.5:9.5]\nunset colorbox\nset key below\n"
      "len(u,v) = sqrt(u*u + v*v) + 1e-300\n"
      "keep(x,y) = int(floor((x - ({gx}))/{dx} + 0.5)) % {s} == 0 && int(floor((y - ({gy}))/{dy} + 0.5)) % {s} == 0\n"
      "plot '{csv}' every ::1 using 1:2:($3 < 0 ? $3 : int($3) % 10) with image notitle, \\\n"
      "     '{csv}' every ::1 using (keep($1,$2) ? $1 : 1/0):2:({a}*$6/len($6,$7)):({a}*$7/len($6,$7)) "
      "with vectors head size {h},20 lc rgb 'black' notitle, \\\n"
      "     '{ex}' using 1:2 with points pt 7 ps 1.6 lc rgb 'black' title 'training examples'\n",
      fmt::arg("png", png_path), fmt::arg("title", title), fmt::arg("x0", g.x_min - dx / 2),
      fmt::arg("x1", g.x_max + dx / 2), fmt::arg("y0", g.y_min - dy / 2), fmt::arg("y1", g.y_max + dy / 2),
      fmt::arg("csv", basins_csv),
      fmt::arg("s", arrow_stride), fmt::arg("gx", g.x_min), fmt::arg("gy", g.y_min),
      fmt::arg("dx", dx), fmt::arg("dy", dy), fmt::arg("a", arrow), fmt::arg("h", arrow / 4), fmt::arg("ex", examples_csv));
}

bool plot_basins(const std::string& png_path, const std::string& basins_csv, const std::string& examples_csv,
                 const Basins& b, const std::string& title, int arrow_stride) {
  return run_gnuplot(basins_gnuplot_script(png_path, basins_csv, examples_csv, b, title, arrow_stride));
}

}  // namespace memo
