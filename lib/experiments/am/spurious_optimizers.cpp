#include "lib/experiments/am/spurious_optimizers.hpp"

#include <fmt/format.h>
#include <sstream>

namespace memo::am {

ExperimentResult run_spurious_optimizers(const AttractorTableSettings& s, const ExperimentContext& context) {
  ExperimentResult out = run_attractor_table(s, context);
  if (out.measured.is_null() || !out.measured.contains("cells")) return out;  // another MPI rank, or a shard
  // Table S1's counts, its table and its claim (attractors in every trained cell) came from other
  // learning rates: only the per-optimizer counts and Prop. 1's check stay.
  for (Comparison& c : out.comparisons) c.paper.clear();
  std::erase_if(out.comparisons, [](const Comparison& c) { return c.quantity == "trained cells with attractors"; });
  std::erase_if(out.files, [](const auto& file) { return file.first != "spurious.csv"; });
  out.figures.clear();
  int side = 0;
  const Mat X = attractor_table_images(s, context.seed, side);

  // One band per cell (optimizer), up to `shown` of its non-attractor images side by side; 0.5
  // (mid grey) where there are fewer.
  const int shown = 6;
  const Json& cells = out.measured.at("cells");
  const int bands = static_cast<int>(cells.size());
  Mat mosaic = Mat::Constant(bands * (side + 1), shown * (side + 1), 0.5);
  int trained = 0, with_spurious = 0;
  std::string labels;
  for (int b = 0; b < bands; ++b) {
    const Json& cell = cells[b];
    std::istringstream indices(cell.at("non_attractors").get<std::string>());
    int count = 0;
    for (int i; indices >> i && count < shown; ++count)
      for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) mosaic(b * (side + 1) + r, count * (side + 1) + c) = X(r * side + c, i);
    const bool converged = cell.at("converged").get<bool>();
    const int spurious = static_cast<int>(X.cols()) - cell.at("attractors").get<int>();
    trained += converged;
    with_spurious += converged && spurious > 0;
    labels += fmt::format("set label '{}{}: {} of {} not attractors' at graph -0.02, graph {:.4f} right\n",
                          cell.at("optimizer").get<std::string>(), converged ? "" : " (NA)", spurious, X.cols(),
                          1.0 - (b + 0.5) / bands);
  }
  out.comparisons.insert(out.comparisons.begin(),
                         compare_range("optimizers with spurious training examples", "every optimizer (Fig. S4)",
                                       std::nullopt, with_spurious, std::max(1, trained), trained));
  out.comparisons.front().tolerance = "every optimizer trained to tol has one";
  out.measured["optimizers_trained"] = trained;
  out.measured["optimizers_with_spurious"] = with_spurious;
  out.files.emplace_back("spurious.csv", matrix_csv(mosaic));
  out.figures.push_back(
      {"spurious.png",
       fmt::format("set terminal pngcairo size 900,{} noenhanced\nset output '$OUT/spurious.png'\n"
                   "set datafile separator ','\nset palette grey\nunset colorbox\nunset xtics\nunset ytics\nset lmargin 34\n"
                   "set yrange [{}:-0.5]\nset xrange [-0.5:{}]\n{}"
                   "set title 'AM Fig. S4: training images that are not attractors, per optimizer'\n"
                   "plot '$OUT/spurious.csv' matrix with image notitle\n",
                   120 + 80 * bands, mosaic.rows() - 0.5, mosaic.cols() - 0.5, labels)});
  return out;
}

}  // namespace memo::am
