#include "lib/experiments/am/images.hpp"

#include <fmt/format.h>

#include "datasets/image_set.hpp"
#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/recovery.hpp"
#include "lib/io/csv.hpp"

namespace memo::am {

namespace {

struct CurvePoint {
  std::string corruption;
  double level = 0, network = 0, nearest_neighbour = 0;
  int spurious = 0, undecided = 0;
};

CurvePoint curve_point(const DynamicalMap& f, const ImageMemory& m, const std::string& name, double level,
                       const Corruption& c, int copies, const IterationCriterion& criterion, Rng& rng) {
  const CorruptedSet set = corrupted_copies(m.X, c, copies, rng);
  const Recovery r = recovery(f, m.fixed_points, set.points, set.source, criterion);
  return {name, level, r.rate(), nearest_neighbour_recovery_rate(m.X, set.points, set.source),
          r.iteration.count(LimitKind::spurious_fixed_point), r.iteration.count(LimitKind::undecided)};
}

// One row of images per start: x, f(x), …, f^{steps−1}(x), its limit, and the clean image it
// came from, one blank column between images (AM Fig. 2a–b).
Mat trajectory_strips(const DynamicalMap& f, const ImageMemory& m, const Mat& starts, const std::vector<int>& source,
                      int steps, const IterationCriterion& criterion) {
  const int side = m.side, cell = side + 1, columns = steps + 2;
  const IterationResult limits = iterate(f, starts, m.fixed_points, criterion);
  Mat mosaic = Mat::Constant(cell * starts.cols(), cell * columns, 0.5);
  for (Eigen::Index r = 0; r < starts.cols(); ++r) {
    Mat panels = orbit(f, starts.col(r), steps);
    panels.conservativeResize(Eigen::NoChange, columns);
    panels.col(steps) = limits.final_points.col(r);
    panels.col(steps + 1) = m.X.col(source[r]);
    for (int c = 0; c < columns; ++c)
      for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j) mosaic(r * cell + i, c * cell + j) = panels(i * side + j, c);
  }
  return mosaic;
}

}  // namespace

std::vector<std::pair<std::string, ImagesSettings>> images_presets() {
  ImagesSettings quick;
  ImagesSettings paper = quick;  // AM Fig. 6, Fig. 2 row, on the stand-in set
  paper.network.examples = 500;
  paper.network.downsample = 1;
  paper.network.depth = 10;
  paper.network.width = 1024;
  paper.network.act = "cosid";
  paper.network.init = "uniform:0.02";
  paper.network.max_epochs = 1000000;
  paper.max_iterations = 10000;
  paper.square_sides = {4, 8, 12, 16};
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_images(const ImagesSettings& s, const ExperimentContext& context) {
  const int n = s.network.examples;
  const int side = load_image_set(s.network.dataset).height / s.network.downsample;
  for (int square : s.square_sides)  // before training, not after
    if (square > side) throw Error(fmt::format("--square-sides {}: expected at most the image side {}", square, side));
  Rng rng(context.seed);
  const ImageMemory m = train_image_memory(s.network, context.seed, rng, context.quiet);
  const DynamicalMap f = mlp_map(m.net);
  const CorruptedSet copies = corrupted_copies(m.X, parse_corruption(s.corruption), s.copies, rng);
  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.newton_polish = true;
  const Recovery recovered = recovery(f, m.fixed_points, copies.points, copies.source, criterion);
  const double nearest = nearest_neighbour_recovery_rate(m.X, copies.points, copies.source);
  const int spurious = recovered.iteration.count(LimitKind::spurious_fixed_point);

  // The three curves of AM Fig. 2c / S9, on fresh copies at every level.
  std::vector<CurvePoint> curve;
  for (double std : s.noise_stds)
    curve.push_back(curve_point(f, m, "gaussian", std, {.kind = CorruptionKind::gaussian, .amount = std},
                                s.curve_copies, criterion, rng));
  for (int square : s.square_sides) {
    curve.push_back(curve_point(f, m, "square", square,
                                {.kind = CorruptionKind::square, .amount = static_cast<double>(square), .value = 1,
                                 .image_side = m.side},
                                s.curve_copies, criterion, rng));
  }
  for (double fraction : s.pixel_fractions)
    curve.push_back(curve_point(f, m, "pixels", fraction,
                                {.kind = CorruptionKind::pixels, .amount = fraction, .noise_lo = 0, .noise_hi = 1},
                                s.curve_copies, criterion, rng));

  // Strips: one copy of example 0 under the headline corruption, a square and pixel noise.
  std::vector<Corruption> shown{parse_corruption(s.corruption)};
  shown.push_back({.kind = CorruptionKind::square, .amount = static_cast<double>(std::max(1, m.side / 3)), .value = 1,
                   .image_side = m.side});
  shown.push_back({.kind = CorruptionKind::pixels, .amount = 0.3, .noise_lo = 0, .noise_hi = 1});
  Mat starts(m.X.rows(), static_cast<Eigen::Index>(shown.size()));
  std::vector<int> source(shown.size());
  for (size_t k = 0; k < shown.size(); ++k) {
    source[k] = static_cast<int>(k) % n;
    starts.col(static_cast<Eigen::Index>(k)) = corrupt(m.X.col(source[k]), shown[k], rng);
  }
  const Mat strips = trajectory_strips(f, m, starts, source, s.strip_steps, criterion);

  ExperimentResult out;
  out.comparisons.push_back({"examples that are attractors", "all attractors", static_cast<double>(n),
                             static_cast<double>(m.attractors),
                             "all n attractors, no spurious limit, recovery > chance 1/n",
                             m.fit.converged() && m.attractors == n && spurious == 0 && recovered.rate() > 1.0 / n});
  Json curves = Json::array();
  out.rows = CsvTable({"corruption", "level", "network_recovery", "nearest_neighbour_recovery", "spurious_limits",
                       "undecided"});
  for (const CurvePoint& p : curve) {
    out.rows.add_row({p.corruption, p.level, p.network, p.nearest_neighbour, static_cast<long>(p.spurious),
                      static_cast<long>(p.undecided)});
    curves.push_back({{"corruption", p.corruption}, {"level", p.level}, {"network", p.network},
                      {"nearest_neighbour", p.nearest_neighbour}, {"spurious_limits", p.spurious},
                      {"undecided", p.undecided}});
  }
  out.measured = {{"training", m.fit.describe()},
                  {"converged", m.fit.converged()},
                  {"image_side", m.side},
                  {"largest_spectral_radius", m.largest_spectral_radius},
                  {"max_fixed_point_offset", m.max_fixed_point_offset},
                  {"newton_failures", m.newton_failures},
                  {"recovery_rate", recovered.rate()},
                  {"nearest_neighbour_rate", nearest},
                  {"spurious_limits", spurious},
                  {"undecided", recovered.iteration.count(LimitKind::undecided)},
                  {"curves", curves}};
  out.notes.push_back(fmt::format("{} stands in for AM's ImageNet-64, which is not available here", s.network.dataset));
  out.notes.push_back("squares are painted white (1) on the black MNIST background; replaced pixels are U[0, 1]");
  out.files.emplace_back("strips.csv", matrix_csv(strips));
  out.figures.push_back(
      {"strips.png",
       fmt::format("set output '$OUT/strips.png'\nunset key\nunset colorbox\nunset xtics\nunset ytics\n"
                   "set datafile separator ','\nset size ratio -1\nset palette grey\nset cbrange [0:1]\nset yrange [*:*] reverse\n"
                   "set title 'AM Fig. 2a-b: x, f(x), ..., f^{}(x), limit, original (Gaussian, square, pixels)'\n"
                   "plot '$OUT/strips.csv' matrix with image\n",
                   s.strip_steps - 1)});
  if (!curve.empty()) {
    out.figures.push_back(
        {"recovery.png",
         "set output '$OUT/recovery.png'\nset datafile separator ','\nset multiplot layout 1,3 title "
         "'AM Fig. 2c, S9: recovery from corruption, network vs 1-NN'\nset yrange [0:1.05]\nset key bottom left\n"
         "set xlabel 'Gaussian noise std'\nplot '$OUT/results.csv' every ::1 using (strcol(1) eq \"gaussian\" ? $2 : NaN):3 with "
         "linespoints title 'network', '' every ::1 using (strcol(1) eq \"gaussian\" ? $2 : NaN):4 with linespoints title '1-NN'\n"
         "set xlabel 'square side (pixels)'\nplot '$OUT/results.csv' every ::1 using (strcol(1) eq \"square\" ? $2 : NaN):3 with "
         "linespoints title 'network', '' every ::1 using (strcol(1) eq \"square\" ? $2 : NaN):4 with linespoints title '1-NN'\n"
         "set xlabel 'fraction of pixels replaced'\nplot '$OUT/results.csv' every ::1 using (strcol(1) eq \"pixels\" ? $2 : NaN):3 "
         "with linespoints title 'network', '' every ::1 using (strcol(1) eq \"pixels\" ? $2 : NaN):4 with linespoints title "
         "'1-NN'\nunset multiplot\n"});
  }
  return out;
}

}  // namespace memo::am
