// Basins of attraction of a 2-D map on a grid (AM Fig. 3, Fig. 4c; MEM Fig. 1–2): the limit of
// every grid point and the vector field f(x) − x, as CSV and as a PNG through gnuplot.
#pragma once
#include <string>
#include "lib/dynamics/iteration.hpp"
#include "lib/io/csv.hpp"

namespace memo {

struct Grid2d {
  double x_min = -1, x_max = 1, y_min = -1, y_max = 1;
  int nx = 100, ny = 100;
};
// The nx·ny grid points as columns, x varying fastest.
Mat grid_points(const Grid2d& grid);

struct Basins {
  Grid2d grid;
  Mat points;              // (2, nx·ny)
  Mat field;               // (2, nx·ny): f(x) − x at every grid point
  IterationResult result;  // where every grid point went
  int examples = 0;        // number of training examples
  // Colour of a grid point: the example index for a training example, examples + l for
  // distinct spurious limit or cycle l, −1 diverged, −2 undecided.
  int label(int point) const;
};

Basins basins_2d(const DynamicalMap& f, const Mat& examples, const Grid2d& grid, const IterationCriterion& criterion);

// CSV columns: x, y, label, kind, steps, fx_minus_x, fy_minus_y.
CsvTable basins_table(const Basins& basins);
void write_basins_csv(const std::string& path, const Basins& basins);
// The basins as an image, every `arrow_stride`-th grid point's vector field (scaled to the
// grid spacing) and the examples as points. Returns false when gnuplot is not installed.
std::string basins_gnuplot_script(const std::string& png_path, const std::string& basins_csv,
                                  const std::string& examples_csv, const Basins& basins, const std::string& title,
                                  int arrow_stride = 5);
bool plot_basins(const std::string& png_path, const std::string& basins_csv, const std::string& examples_csv,
                 const Basins& basins, const std::string& title, int arrow_stride = 5);

}  // namespace memo
