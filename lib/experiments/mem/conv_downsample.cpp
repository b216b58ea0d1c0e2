#include "lib/experiments/mem/conv_downsample.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/core/random.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/conv_images.hpp"
#include "lib/experiments/mem/downsampling_nets.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
#include "lib/io/csv.hpp"
#include "lib/io/npy.hpp"
#include "theory/conv_matrix.hpp"

namespace memo::mem {

using namespace conv_theory;  // the closed forms of theory/conv_matrix

std::vector<std::pair<std::string, ConvDownsampleSettings>> conv_downsample_presets() {
  ConvDownsampleSettings quick;
  ConvDownsampleSettings paper = quick;
  paper.size = 32;
  paper.filters = 64;
  paper.iterations = 10000;
  ConvDownsampleSettings d2 = quick;  // MEM Fig. 8 at 16×16: the same per-layer gain 9·16·c ≈ 1.04
  d2.network = "D2";
  d2.size = 16;
  d2.images = 1;
  d2.init = "const:0.0072";
  d2.lr = 1e-4;  // MEM App. F: Adam lr 1e-4 beyond 10 layers (lr 1e-3 leaves D2 untrained, |λ1| = 1.6e-6)
  ConvDownsampleSettings d2_paper = d2;
  d2_paper.size = 32;
  d2_paper.filters = 64;
  d2_paper.init = "const:1.8e-3";
  d2_paper.iterations = 10000;
  return {{"quick", quick}, {"paper", paper}, {"d2", d2}, {"d2-paper", d2_paper}};
}

ExperimentResult run_conv_downsample(const ConvDownsampleSettings& settings, const ExperimentContext& context) {
  if (settings.network != "D1" && settings.network != "D2")
    throw Error(fmt::format("network '{}': expected D1 or D2", settings.network));
  downsampling_levels(settings.size);
  Rng rng(run_seed(context.seed, 0));
  Mat X(settings.size * settings.size, settings.images);
  if (settings.data == "fashion-mnist" || settings.data == "fashion-mnist-test") {
    X = conv_images(settings.data, settings.images, settings.size, run_seed(context.seed, 1));
  } else if (settings.data.empty()) {
    for (int i = 0; i < settings.images; ++i) X.col(i) = smooth_image(settings.size, rng);
  } else {
    const Mat data = read_examples(settings.data);
    if (data.rows() != settings.size * settings.size || data.cols() < settings.images)
      throw Error(fmt::format("data {}: {} images of {} values, expected at least {} of {} (size {})",
                              settings.data, data.cols(), data.rows(), settings.images, settings.size * settings.size, settings.size));
    X = data.leftCols(settings.images);
  }

  const bool d2 = settings.network == "D2";
  ConvNet net = d2 ? downsampling_net_d2(settings.size, settings.filters, settings.depth)
                   : downsampling_net_d1(settings.size, settings.filters);
  initialize(net, settings.init, rng);
  const LinearConvFit fit = fit_linear_conv(net, X, Adam{.lr = settings.lr},
                                            {.max_epochs = settings.iterations, .quiet = context.quiet,
                                             .keep_history = false});

  // Outputs on Gaussian noise: how much lies outside the span of the training images.
  const Mat Z = random_normal(settings.size * settings.size, settings.noise_samples, rng);
  const Mat F = forward(net, Z);
  const Mat P = projection_onto_span(X);
  const double noise_outside = ((F - P * F).colwise().norm().array() / F.colwise().norm().array()).maxCoeff();
  const int near_one = count_near_unit_modulus(eigenvalues(fit.op), 0.05);

  ExperimentResult out;
  out.notes.push_back(settings.data.empty()
                             ? "synthetic smooth images stand in for CIFAR-10 (paper); set --data fashion-mnist"
                             : "images from " + settings.data + " (the paper used CIFAR-10)");
  // MEM Fig. 7: D1's spectrum 1, 1, [< 2e-2]; Fig. 8: D2's 1, [< 7e-6].
  const double rest_bound = d2 ? 7e-6 : 2e-2;
  for (int k = 0; k < settings.images; ++k)
    out.comparisons.push_back(compare_abs(fmt::format("|λ{}|", k + 1), "1", 1.0, fit.spectrum(k), 1, 0.05));
  out.comparisons.push_back(compare_range(fmt::format("|λ{}| (largest rest)", settings.images + 1),
                                          fmt::format("<{:g}", rest_bound), 0.0, fit.spectrum(settings.images), 0,
                                          rest_bound));
  out.comparisons.push_back(compare_abs("eigenvalues with ||λ|−1| < 0.05", fmt::format("{}", settings.images), settings.images,
                                           near_one, settings.images, 0));
  out.comparisons.push_back(compare_range("noise output outside span(X), max rel.", "≈ 0", 0.0, noise_outside, 0,
                                             0.05));
  out.measured = {{"network", settings.network}, {"layers", static_cast<int>(net.layers.size())}, {"parameters", parameter_count(net)},
                  {"final_loss", fit.training.final_loss}, {"spectrum_top", format_spectrum(fit.spectrum, settings.images + 4)},
                  {"range_outside_span", fit.range_outside_span}, {"noise_outside_span", noise_outside}};
  out.rows = CsvTable({"index", "eigenvalue_modulus", "singular_value"});
  for (Eigen::Index k = 0; k < fit.spectrum.size(); ++k)
    out.rows.add_row({static_cast<long>(k + 1), fit.spectrum(k), fit.singular_values(k)});
  out.figures.push_back({"spectrum.png",
                         fmt::format("set datafile separator ','\nset logscale y\nset format y '%.0e'\n"
                                     "set xlabel 'i'\nset ylabel '|λ_i(M)|'\nset xrange [0:{}]\n"
                                     "set title '{} spectrum, measured, and the bound of the paper'\n"
                                     "plot '$OUT/results.csv' every ::1 using 1:2 "
                                     "with linespoints title 'measured', {:g} with lines dt 2 title 'paper: rest < {:g}'\n",
                                     settings.images + 30, settings.network, rest_bound, rest_bound)});
  // Figure: training images, a noise input and its output, side by side.
  Mat panel(settings.size, settings.size * (settings.images + 2));
  auto put = [&](int slot, const Vec& v) {
    for (int y = 0; y < settings.size; ++y)
      for (int x = 0; x < settings.size; ++x) panel(y, slot * settings.size + x) = v(y * settings.size + x);
  };
  for (int i = 0; i < settings.images; ++i) put(i, X.col(i));
  put(settings.images, Z.col(0));
  put(settings.images + 1, F.col(0));
  out.files.emplace_back("panel.csv", matrix_csv(panel));
  out.figures.push_back({"panel.png",
                         "set datafile separator ','\n"
                         "set title 'training images | Gaussian input | its output'\nunset key\nset yrange [*:*] reverse\n"
                         "set palette grey\nplot '$OUT/panel.csv' matrix with image\n"});
  return out;
}

}  // namespace memo::mem
