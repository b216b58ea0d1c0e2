#include "lib/experiments/mem/conv_downsample.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/core/random.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
#include "lib/io/csv.hpp"
#include "lib/io/npy.hpp"
#include "theory/conv_matrix.hpp"

namespace memo::mem {

using namespace conv_theory;  // the closed forms of theory/conv_matrix

namespace {

// A smooth s×s image in [0, 1]: a sum of 4 random low-frequency cosines, rescaled.
Vec smooth_image(int s, Rng& rng) {
  std::uniform_real_distribution<double> phase(0, 2 * std::numbers::pi), freq(0.5, 2.5);
  Vec image = Vec::Zero(s * s);
  for (int term = 0; term < 4; ++term) {
    const double fy = freq(rng), fx = freq(rng), p = phase(rng);
    for (int y = 0; y < s; ++y)
      for (int x = 0; x < s; ++x)
        image(y * s + x) += std::cos(2 * std::numbers::pi * (fy * y + fx * x) / s + p);
  }
  return (image.array() - image.minCoeff()) / (image.maxCoeff() - image.minCoeff());
}

}  // namespace

std::vector<std::pair<std::string, ConvDownsampleSettings>> conv_downsample_presets() {
  ConvDownsampleSettings quick;
  ConvDownsampleSettings paper = quick;
  paper.size = 32;
  paper.filters = 64;
  paper.iterations = 10000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_downsample(const ConvDownsampleSettings& settings, const ExperimentContext& context) {
  int levels = 0;
  while ((1 << levels) < settings.size) ++levels;
  if ((1 << levels) != settings.size) throw Error(fmt::format("size {}: expected a power of 2", settings.size));
  Rng rng(run_seed(context.seed, 0));
  Mat X(settings.size * settings.size, settings.images);
  if (settings.data.empty()) {
    for (int i = 0; i < settings.images; ++i) X.col(i) = smooth_image(settings.size, rng);
  } else {
    const Mat data = read_examples(settings.data);
    if (data.rows() != settings.size * settings.size || data.cols() < settings.images)
      throw Error(fmt::format("data {}: {} images of {} values, expected at least {} of {} (size {})",
                              settings.data, data.cols(), data.rows(), settings.images, settings.size * settings.size, settings.size));
    X = data.leftCols(settings.images);
  }

  ConvNet net;
  net.input = {1, settings.size, settings.size};
  for (int l = 0; l < levels; ++l) add_conv(net, settings.filters, 3, 1, 2);
  for (int l = 0; l < levels; ++l) {
    add_upsample(net, 2);
    add_conv(net, settings.filters, 3, 1, 1);
  }
  add_conv(net, 1, 3, 1, 1);
  check_network(net);
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
                             ? "synthetic smooth images stand in for CIFAR-10 (paper) / Fashion-MNIST; set --data"
                             : "images from " + settings.data + " (the paper used CIFAR-10)");
  for (int k = 0; k < settings.images; ++k)
    out.comparisons.push_back(compare_abs(fmt::format("|λ{}|", k + 1), "1", 1.0, fit.spectrum(k), 1, 0.05));
  out.comparisons.push_back(compare_range(fmt::format("|λ{}| (largest rest)", settings.images + 1), "<2e-2", 0.0,
                                             fit.spectrum(settings.images), 0, 2e-2));
  out.comparisons.push_back(compare_abs("eigenvalues with ||λ|−1| < 0.05", fmt::format("{}", settings.images), settings.images,
                                           near_one, settings.images, 0));
  out.comparisons.push_back(compare_range("noise output outside span(X), max rel.", "≈ 0", 0.0, noise_outside, 0,
                                             0.05));
  out.measured = {{"layers", static_cast<int>(net.layers.size())}, {"parameters", parameter_count(net)},
                  {"final_loss", fit.training.final_loss}, {"spectrum_top", format_spectrum(fit.spectrum, settings.images + 4)},
                  {"range_outside_span", fit.range_outside_span}, {"noise_outside_span", noise_outside}};
  out.rows = CsvTable({"index", "eigenvalue_modulus", "singular_value"});
  for (Eigen::Index k = 0; k < fit.spectrum.size(); ++k)
    out.rows.add_row({static_cast<long>(k + 1), fit.spectrum(k), fit.singular_values(k)});
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
