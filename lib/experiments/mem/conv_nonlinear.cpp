#include "lib/experiments/mem/conv_nonlinear.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "lib/core/random.hpp"
#include "lib/nn/conv_net.hpp"
#include "lib/nn/optimizer.hpp"
#include "lib/nn/train.hpp"

namespace memo::mem {

namespace {

struct NoiseResult {
  double median_relative_distance = 0;  // ‖f(z) − nearest x_i‖ / ‖x_i‖, median over inputs
  int within_10_percent = 0;
  std::vector<int> nearest_counts;      // inputs whose output is nearest to each training image
};

NoiseResult outputs_on_noise(const ConvNet& net, const Mat& X, int samples, Rng& rng) {
  const Mat F = forward(net, random_normal(X.rows(), samples, rng));
  NoiseResult result;
  result.nearest_counts.assign(X.cols(), 0);
  std::vector<double> distances;
  for (int j = 0; j < samples; ++j) {
    Eigen::Index best = 0;
    (X.colwise() - F.col(j)).colwise().norm().minCoeff(&best);
    const double d = (F.col(j) - X.col(best)).norm() / X.col(best).norm();
    distances.push_back(d);
    result.nearest_counts[best] += 1;
    if (d < 0.1) result.within_10_percent += 1;
  }
  std::nth_element(distances.begin(), distances.begin() + samples / 2, distances.end());
  result.median_relative_distance = distances[samples / 2];
  return result;
}

}  // namespace

std::vector<std::pair<std::string, ConvNonlinearSettings>> conv_nonlinear_presets() {
  ConvNonlinearSettings quick;
  ConvNonlinearSettings paper = quick;
  paper.max_epochs = 200000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_nonlinear(const ConvNonlinearSettings& settings, const ExperimentContext& context) {
  const Activation leaky = parse_activation("leaky_relu");
  const TrainOptions options{.tol = 1e-6, .max_epochs = settings.max_epochs, .quiet = context.quiet,
                             .keep_history = false};
  Rng rng(run_seed(context.seed, 0));

  // A: 29 layers on a 4×4 image with a white 2×2 square in the upper left corner.
  Mat square = Mat::Zero(16, 1);
  for (int p : {0, 1, 4, 5}) square(p, 0) = 1;
  ConvStackOptions a_options;
  a_options.image_size = 4;
  a_options.layers = 29;
  a_options.activation = leaky;
  a_options.activate_output = true;
  ConvNet a = make_conv_stack(a_options);
  initialize(a, "const:0.1", rng);
  Optimizer a_opt(Adam{.lr = 1e-4}, parameters(a));
  const TrainResult a_fit = train(a_opt, autoencoder_loss(a, square, LossKind::mse), options);
  const NoiseResult a_noise = outputs_on_noise(a, square, settings.samples, rng);

  // B: 5 layers, skips every 2, Xavier uniform, two orthogonal 2×2 images.
  Mat corners = Mat::Zero(4, 2);
  corners(0, 0) = 1;
  corners(3, 1) = 1;
  ConvStackOptions b_options;
  b_options.image_size = 2;
  b_options.layers = 5;
  b_options.activation = leaky;
  b_options.activate_output = true;
  b_options.skip_every = 2;
  ConvNet b = make_conv_stack(b_options);
  initialize(b, "xavier_uniform", rng);
  Optimizer b_opt(Adam{.lr = 1e-3}, parameters(b));
  const TrainResult b_fit = train(b_opt, autoencoder_loss(b, corners, LossKind::mse), options);
  const NoiseResult b_noise = outputs_on_noise(b, corners, settings.samples, rng);

  ExperimentResult out;
  out.notes.push_back("the paper shows pictures only; 'agrees' means outputs within 10% of a training image");
  for (const auto& [label, fit] : {std::pair{"A (29 layers)", a_fit}, std::pair{"B (5 layers, skips)", b_fit}})
    if (!fit.converged()) out.notes.push_back(fmt::format("{}: {}", label, fit.describe()));
  out.comparisons.push_back(compare_range("A: median ‖f(z) − x‖/‖x‖ on noise", "≈ 0 (Fig. 9)", 0.0,
                                             a_noise.median_relative_distance, 0, 0.1));
  out.comparisons.push_back(compare_range("A: fraction of noise inputs within 10%", "≈ 1", 1.0,
                                             static_cast<double>(a_noise.within_10_percent) / settings.samples, 0.9, 1));
  out.comparisons.push_back(compare_range("B: median dist. to nearest training image", "≈ 0 (Fig. 10)", 0.0,
                                             b_noise.median_relative_distance, 0, 0.1));
  out.comparisons.push_back(compare_range("B: fraction of noise inputs within 10%", "≈ 1", 1.0,
                                             static_cast<double>(b_noise.within_10_percent) / settings.samples, 0.9, 1));
  out.measured = {{"A_final_loss", a_fit.final_loss}, {"A_epochs", a_fit.epochs},
                  {"B_final_loss", b_fit.final_loss}, {"B_epochs", b_fit.epochs},
                  {"B_nearest_counts", b_noise.nearest_counts}};
  out.rows = CsvTable({"network", "epochs", "final_loss", "median_relative_distance", "within_10_percent", "samples"});
  out.rows.add_row({std::string("A"), a_fit.epochs, a_fit.final_loss, a_noise.median_relative_distance,
               static_cast<long>(a_noise.within_10_percent), static_cast<long>(settings.samples)});
  out.rows.add_row({std::string("B"), b_fit.epochs, b_fit.final_loss, b_noise.median_relative_distance,
               static_cast<long>(b_noise.within_10_percent), static_cast<long>(settings.samples)});
  out.notes.push_back("no figure: the results are the distances above (results.csv)");
  return out;
}

}  // namespace memo::mem
