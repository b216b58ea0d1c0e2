// mem-conv-downsample — MEM App. G, Fig. 7 (network D1): a linear conv autoencoder
// that downsamples with stride-2 convolutions to a 1×1 representation and comes back with
// nearest-neighbour upsampling + convolutions memorises its 2 training images with few layers:
// the spectrum of its operator is 1, 1, [< 2e-2] and its output on Gaussian noise is a
// combination of the training images.
//
// Substitution: the paper trains on two CIFAR-10 images (the issue suggests Fashion-MNIST or
// MNIST); by default we use two smooth synthetic s×s images (random low-frequency cosine sums),
// and --data FILE.npy takes real images of shape (n, s·s) instead (the first 2 rows are used).
// Architecture (Fig. 7a is not in the text): log2(s) convs k3 p1 s2 with --filters channels
// down to 1×1, then log2(s) × [upsample ×2, conv k3 p1 s1], then a conv to 1 channel; no bias,
// no activation. Init PyTorch default ("sufficient to force each parameter close to zero");
// Adam for 10000 iterations (paper) / 3000 (quick) — the paper names no optimizer.
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/cli/cli.hpp"
#include "lib/io/csv.hpp"
#include "lib/io/npy.hpp"
#include "lib/cli/report.hpp"
#include "lib/dynamics/spectra.hpp"
#include "theory/conv_matrix.hpp"
#include "theory/conv_memorization.hpp"

using namespace memo;
using namespace memo::conv_theory;

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

int main(int argc, char** argv) {
  CLI::App app{"MEM App. G: downsampling conv autoencoders memorise with few layers", "mem-conv-downsample"};
  ExperimentFlags flags;
  add_experiment_flags(app, flags);
  int size = 0, filters = 0, images = 2, noise_samples = 20;
  long iterations = 0;
  double lr = 1e-3;
  std::string data_path, init = "default";
  app.add_option("--size", size, "image side s, a power of 2 (default 8 quick, 32 paper)");
  app.add_option("--filters", filters, "channels of the hidden layers (default 16 quick, 64 paper)");
  app.add_option("--images", images, "training images")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--iterations", iterations, "Adam steps (default 3000 quick, 10000 paper)");
  app.add_option("--lr", lr, "Adam learning rate")->capture_default_str();
  app.add_option("--init", init, "initialisation")->capture_default_str();
  app.add_option("--data", data_path, ".npy of shape (n, s·s): real images instead of the synthetic ones");
  app.add_option("--noise-samples", noise_samples, "Gaussian inputs fed to the trained net")->capture_default_str();

  return run_main(app, argc, argv, [&] {
    finish_experiment_flags(app, flags);
    const bool quick = flags.preset == "quick";
    if (size == 0) size = quick ? 8 : 32;
    if (filters == 0) filters = quick ? 16 : 64;
    if (iterations == 0) iterations = quick ? 3000 : 10000;
    int levels = 0;
    while ((1 << levels) < size) ++levels;
    if ((1 << levels) != size) throw Error(fmt::format("--size {}: expected a power of 2", size));
    const auto start = std::chrono::steady_clock::now();

    Rng rng(run_seed(flags.seed, 0));
    Mat X(size * size, images);
    if (data_path.empty()) {
      for (int i = 0; i < images; ++i) X.col(i) = smooth_image(size, rng);
    } else {
      const Mat data = read_examples(data_path);
      if (data.rows() != size * size || data.cols() < images)
        throw Error(fmt::format("--data {}: {} images of {} values, expected at least {} of {} (--size {})",
                                data_path, data.cols(), data.rows(), images, size * size, size));
      X = data.leftCols(images);
    }

    ConvNet net;
    net.input = {1, size, size};
    for (int l = 0; l < levels; ++l) add_conv(net, filters, 3, 1, 2);
    for (int l = 0; l < levels; ++l) {
      add_upsample(net, 2);
      add_conv(net, filters, 3, 1, 1);
    }
    add_conv(net, 1, 3, 1, 1);
    check_network(net);
    initialize(net, init, rng);
    const LinearConvFit fit = fit_linear_conv(net, X, Adam{.lr = lr},
                                              {.max_epochs = iterations, .quiet = flags.quiet || flags.json,
                                               .keep_history = false});

    // Outputs on Gaussian noise: how much lies outside the span of the training images.
    const Mat Z = random_normal(size * size, noise_samples, rng);
    const Mat F = forward(net, Z);
    const Mat P = projection_onto_span(X);
    const double noise_outside = ((F - P * F).colwise().norm().array() / F.colwise().norm().array()).maxCoeff();
    const int near_one = count_near_unit_modulus(eigenvalues(fit.op), 0.05);

    Report report;
    report.app = "mem-conv-downsample";
    report.settings = {{"preset", flags.preset}, {"seed", flags.seed}, {"size", size}, {"filters", filters},
                       {"images", images}, {"iterations", iterations}, {"lr", lr}, {"init", init},
                       {"layers", static_cast<int>(net.layers.size())}, {"parameters", parameter_count(net)},
                       {"data", data_path.empty() ? "synthetic smooth images" : data_path}};
    report.notes.push_back(data_path.empty()
                               ? "synthetic smooth images stand in for CIFAR-10 (paper) / Fashion-MNIST; use --data"
                               : "images from " + data_path + " (the paper used CIFAR-10)");
    for (int k = 0; k < images; ++k)
      report.comparisons.push_back(compare_abs(fmt::format("|λ{}|", k + 1), "1", 1.0, fit.spectrum(k), 1, 0.05));
    report.comparisons.push_back(compare_range(fmt::format("|λ{}| (largest rest)", images + 1), "<2e-2", 0.0,
                                               fit.spectrum(images), 0, 2e-2));
    report.comparisons.push_back(compare_abs("eigenvalues with ||λ|−1| < 0.05", fmt::format("{}", images), images,
                                             near_one, images, 0));
    report.comparisons.push_back(compare_range("noise output outside span(X), max rel.", "≈ 0", 0.0, noise_outside, 0,
                                               0.05));
    report.extra = {{"final_loss", fit.training.final_loss}, {"spectrum_top", format_spectrum(fit.spectrum, images + 4)},
                    {"range_outside_span", fit.range_outside_span}, {"noise_outside_span", noise_outside}};
    CsvTable csv({"index", "eigenvalue_modulus", "singular_value"});
    for (Eigen::Index k = 0; k < fit.spectrum.size(); ++k)
      csv.add_row({static_cast<long>(k + 1), fit.spectrum(k), fit.singular_values(k)});
    csv.write(flags.out + "/results.csv");
    // Figure: training images, a noise input and its output, side by side.
    Mat panel(size, size * (images + 2));
    auto put = [&](int slot, const Vec& v) {
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) panel(y, slot * size + x) = v(y * size + x);
    };
    for (int i = 0; i < images; ++i) put(i, X.col(i));
    put(images, Z.col(0));
    put(images + 1, F.col(0));
    write_matrix_csv(flags.out + "/panel.csv", panel);
    const std::string plot = fmt::format(
        "set terminal pngcairo size 900,300\nset output '{0}/panel.png'\nset datafile separator ','\n"
        "set title 'training images | Gaussian input | its output'\nunset key\nset yrange [*:*] reverse\n"
        "set palette grey\nplot '{0}/panel.csv' matrix with image\n", flags.out);
    if (!run_gnuplot(plot)) report.notes.push_back("gnuplot not found: no figure");
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish_report(report, flags);
  });
}
