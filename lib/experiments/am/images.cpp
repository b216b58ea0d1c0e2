#include "lib/experiments/am/images.hpp"

#include <cmath>
#include <fmt/format.h>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"
#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/recovery.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

std::vector<std::pair<std::string, ImagesSettings>> images_presets() {
  ImagesSettings quick;
  ImagesSettings paper = quick;  // AM Fig. 2's size on the stand-in set: 500 full-size images
  paper.examples = 500;
  paper.downsample = 1;
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_images(const ImagesSettings& s, const ExperimentContext& context) {
  const ImageSet set = load_image_set(s.dataset);
  const int n = s.examples;
  Mat X = image_columns(set, select_examples(set.labels, {.count = n, .seed = context.seed, .balanced = true}));
  if (s.downsample > 1) X = downsample(X, set.height, set.width, s.downsample);
  const int d = static_cast<int>(X.rows());
  Rng rng(context.seed);
  std::vector<int> widths{d};
  widths.insert(widths.end(), s.depth, s.width);
  widths.push_back(d);
  Mlp net = make_mlp(widths, parse_activation(s.act), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = s.lr}, parameters(net));  // AM's optimizer and loss threshold
  const TrainResult fit = train(net, X, X, LossKind::mse, adam,
                                {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = context.quiet, .keep_history = false});
  const DynamicalMap f = mlp_map(net);
  Mat fixed_points = X;
  for (int i = 0; i < n; ++i) fixed_points.col(i) = newton_fixed_point(f, X.col(i));
  int attractors = 0;
  double largest = 0;
  for (const Spectrum& sp : spectra(f.jacobians(fixed_points))) {
    attractors += sp.spectral_radius < 1;
    largest = std::max(largest, sp.spectral_radius);
  }
  const CorruptedSet copies = corrupted_copies(X, parse_corruption(s.corruption), s.copies, rng);
  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.newton_polish = true;
  const Recovery recovered = recovery(f, fixed_points, copies.points, copies.source, criterion);
  const double nearest = nearest_neighbour_recovery_rate(X, copies.points, copies.source);
  const int spurious = recovered.iteration.count(LimitKind::spurious_fixed_point);

  ExperimentResult out;
  out.comparisons.push_back({"examples that are attractors", "all attractors", static_cast<double>(n),
                             static_cast<double>(attractors), "all n attractors, no spurious limit, recovery > chance 1/n",
                             fit.converged() && attractors == n && spurious == 0 && recovered.rate() > 1.0 / n});
  out.measured = {{"training", fit.describe()},
                  {"converged", fit.converged()},
                  {"image_side", static_cast<int>(std::lround(std::sqrt(d)))},
                  {"largest_spectral_radius", largest},
                  {"max_fixed_point_offset", (fixed_points - X).colwise().norm().maxCoeff()},
                  {"recovery_rate", recovered.rate()},
                  {"nearest_neighbour_rate", nearest},
                  {"spurious_limits", spurious},
                  {"undecided", recovered.iteration.count(LimitKind::undecided)}};
  out.notes.push_back(fmt::format("{} stands in for AM's ImageNet-64, which is not available here", s.dataset));
  return out;
}

}  // namespace memo::am
