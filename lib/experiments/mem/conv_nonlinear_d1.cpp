#include "lib/experiments/mem/conv_nonlinear_d1.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "datasets/selection.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/mem/conv_images.hpp"
#include "lib/experiments/mem/downsampling_nets.hpp"
#include "lib/io/csv.hpp"
#include "lib/nn/optimizer.hpp"

namespace memo::mem {

ConvNet leaky_d1(int size, int filters, Rng& rng) {
  ConvNet net = downsampling_net_d1(size, filters, parse_activation("leaky_relu"), true);
  initialize(net, "default", rng);
  return net;
}

std::vector<double> jacobian_radii(ConvNet& net, const Mat& X) {
  std::vector<Mat> Js;
  for (Eigen::Index i = 0; i < X.cols(); ++i) Js.push_back(jacobian(net, X.col(i)));
  std::vector<double> radii;
  for (const Spectrum& s : spectra(Js)) radii.push_back(s.spectral_radius);
  return radii;
}

std::vector<double> relative_distance_to_nearest(const Mat& examples, const Mat& Y) {
  const NearestExamples nearest = nearest_examples(examples, Y);
  std::vector<double> distances;
  for (Eigen::Index j = 0; j < Y.cols(); ++j)
    distances.push_back(nearest.distance(j) / examples.col(nearest.index[j]).norm());
  return distances;
}

namespace {

double fraction_below(const std::vector<double>& values, double bound) {
  return static_cast<double>(std::count_if(values.begin(), values.end(), [&](double v) { return v < bound; })) /
         static_cast<double>(values.size());
}

// White squares of random side and place on a black s×s image (MEM App. H's test pattern).
Mat white_squares(int s, int count, Rng& rng) {
  Mat Z = Mat::Zero(s * s, count);
  for (int j = 0; j < count; ++j) {
    const int side = 1 + static_cast<int>(uniform_index(rng, s / 2));
    const int y0 = static_cast<int>(uniform_index(rng, s - side + 1)), x0 = static_cast<int>(uniform_index(rng, s - side + 1));
    for (int y = y0; y < y0 + side; ++y)
      for (int x = x0; x < x0 + side; ++x) Z(y * s + x, j) = 1;
  }
  return Z;
}

TrainResult fit(ConvNet& net, const Mat& X, const ConvNonlinearD1Settings& s, const ExperimentContext& context) {
  Optimizer adam(Adam{.lr = s.lr}, parameters(net));
  TrainResult result = train(adam, autoencoder_loss(net, X, LossKind::mse),
                             {.tol = 1e-8, .max_epochs = s.iterations, .quiet = context.quiet, .keep_history = false});
  if (result.status == TrainStatus::diverged) throw Diverged("mem-conv-nonlinear-d1: " + result.describe());
  return result;
}

// Images side by side in one matrix for gnuplot's `matrix with image`: grid(row, col) = image.
struct Panel {
  int s, columns;
  Mat pixels;
  Panel(int side, int rows, int cols) : s(side), columns(cols), pixels(Mat::Constant(rows * side, cols * side, 0.5)) {}
  void put(int row, int col, const Vec& image) {
    for (int y = 0; y < s; ++y)
      for (int x = 0; x < s; ++x) pixels(row * s + y, col * s + x) = image(y * s + x);
  }
};

std::string panel_script(const std::string& csv, const std::string& title) {
  return "set datafile separator ','\nset title '" + title +
         "'\nunset key\nunset colorbox\nset yrange [*:*] reverse\nset cbrange [0:1]\nset palette grey\n"
         "plot '$OUT/" + csv + "' matrix with image\n";
}

}  // namespace

std::vector<std::pair<std::string, ConvNonlinearD1Settings>> conv_nonlinear_d1_presets() {
  ConvNonlinearD1Settings quick;
  ConvNonlinearD1Settings paper = quick;
  paper.size = 32;
  paper.filters = 64;
  paper.many_images = 100;
  paper.iterations = 10000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_nonlinear_d1(const ConvNonlinearD1Settings& s, const ExperimentContext& context) {
  const bool smooth = s.dataset == "smooth";
  if (!smooth && s.dataset != "fashion-mnist")
    throw Error(fmt::format("dataset '{}': expected fashion-mnist or smooth", s.dataset));
  Rng rng(run_seed(context.seed, 0));
  const Mat many = conv_images(s.dataset, s.many_images, s.size, run_seed(context.seed, 1));
  const Mat few = conv_images(s.dataset, s.few_images, s.size, run_seed(context.seed, 2));
  const Mat tests = conv_images(smooth ? "smooth" : "fashion-mnist-test", s.test_inputs, s.size, run_seed(context.seed, 3));

  // (a) Fig. 5a: trajectories of test images.
  ConvNet net_a = leaky_d1(s.size, s.filters, rng);
  const TrainResult fit_a = fit(net_a, many, s, context);
  DynamicalMap f_a = tape_map(tape_map(net_a), net_a.input_size());
  f_a.apply = [&net_a](const Mat& X) { return forward(net_a, X); };
  const std::vector<int> shown_steps = {1, 2, 4, 8};
  std::vector<Mat> snapshots = {tests};
  for (int k = 1; k <= s.trajectory_steps; ++k) {
    snapshots.push_back(f_a.apply(snapshots.back()));
    if (!snapshots.back().allFinite()) throw Diverged(fmt::format("trajectory not finite after {} steps", k));
  }
  const Mat& ends = snapshots.back();
  const double last_step = (f_a.apply(ends) - ends).colwise().norm().maxCoeff();
  const std::vector<double> end_distance = relative_distance_to_nearest(many, ends);
  const NearestExamples end_nearest = nearest_examples(many, ends), start_nearest = nearest_examples(many, tests);
  int ends_at_start_neighbour = 0;
  for (int j = 0; j < s.test_inputs; ++j) ends_at_start_neighbour += end_nearest.index[j] == start_nearest.index[j];

  // (b) Fig. 5b: one application to arbitrary inputs.
  ConvNet net_b = leaky_d1(s.size, s.filters, rng);
  const TrainResult fit_b = fit(net_b, few, s, context);
  Mat inputs(s.size * s.size, s.test_inputs + 2 * s.arbitrary_inputs);
  inputs << tests, random_normal(s.size * s.size, s.arbitrary_inputs, rng), white_squares(s.size, s.arbitrary_inputs, rng);
  const Mat outputs = forward(net_b, inputs);
  const std::vector<double> one_step_distance = relative_distance_to_nearest(few, outputs);
  const std::vector<double> radii_b = jacobian_radii(net_b, few);

  ExperimentResult out;
  out.notes.push_back(smooth ? "synthetic smooth images (the paper: CIFAR-10)"
                             : "Fashion-MNIST padded to 32×32" + std::string(s.size < 32 ? " and pooled" : "") +
                                   " stands in for CIFAR-10");
  for (const auto& [label, result] : {std::pair{"(a)", fit_a}, std::pair{"(b)", fit_b}})
    out.notes.push_back(fmt::format("{} training: {}", label, result.describe()));
  out.comparisons.push_back(compare_range("(a) test trajectories ending within 10% of a training image", "all (Fig. 5a)",
                                          std::nullopt, fraction_below(end_distance, 0.1), 0.9, 1));
  out.comparisons.push_back(compare_range("(b) arbitrary inputs mapped within 10% of a training image in 1 step",
                                          "all (Fig. 5b)", std::nullopt, fraction_below(one_step_distance, 0.1), 0.9, 1));
  out.comparisons.push_back(compare_range("(b) max ρ(J_f) at the training images", "≈ 0 (superattractors)",
                                          std::nullopt, *std::max_element(radii_b.begin(), radii_b.end()), 0, 0.1));
  out.measured = {{"a_training", fit_a.describe()}, {"a_final_loss", fit_a.final_loss},
                  {"b_training", fit_b.describe()}, {"b_final_loss", fit_b.final_loss},
                  {"a_end_distance", end_distance}, {"a_last_step_norm", last_step},
                  {"a_ends_at_nearest_neighbour_of_start", ends_at_start_neighbour},
                  {"b_one_step_distance", one_step_distance}, {"b_jacobian_radii", radii_b},
                  {"parameters", parameter_count(net_a)}};
  out.rows = CsvTable({"part", "input", "kind", "relative_distance", "nearest_training_image", "start_nearest"});
  for (int j = 0; j < s.test_inputs; ++j)
    out.rows.add_row({std::string("a"), static_cast<long>(j), std::string("test image"), end_distance[j],
                      static_cast<long>(end_nearest.index[j]), static_cast<long>(start_nearest.index[j])});
  const NearestExamples out_nearest = nearest_examples(few, outputs);
  for (Eigen::Index j = 0; j < inputs.cols(); ++j) {
    const std::string kind = j < s.test_inputs ? "test image" : j < s.test_inputs + s.arbitrary_inputs ? "gaussian" : "white square";
    out.rows.add_row({std::string("b"), static_cast<long>(j), kind, one_step_distance[j],
                      static_cast<long>(out_nearest.index[j]), -1L});
  }

  // Fig. 5a: per row a test image, f, f², f⁴, f⁸, the last iterate, its nearest training image
  // and the nearest training image of the start.
  const int rows_a = std::min(s.test_inputs, 6);
  Panel a(s.size, rows_a, 8);
  for (int j = 0; j < rows_a; ++j) {
    a.put(j, 0, tests.col(j));
    for (size_t c = 0; c < shown_steps.size(); ++c)
      a.put(j, 1 + static_cast<int>(c), snapshots[std::min<size_t>(shown_steps[c], snapshots.size() - 1)].col(j));
    a.put(j, 5, ends.col(j));
    a.put(j, 6, many.col(end_nearest.index[j]));
    a.put(j, 7, many.col(start_nearest.index[j]));
  }
  out.files.emplace_back("trajectories.csv", matrix_csv(a.pixels));
  out.figures.push_back({"trajectories.png", panel_script("trajectories.csv", fmt::format(
      "start, f, f^2, f^4, f^8, f^{} | nearest training image of the end | of the start", s.trajectory_steps))});
  // Fig. 5b: arbitrary inputs (top row) and their images under f (bottom row).
  const int shown_b = std::min<int>(static_cast<int>(inputs.cols()), 12);
  Panel b(s.size, 2, shown_b);
  for (int c = 0; c < shown_b; ++c) {
    const Eigen::Index j = (c * (inputs.cols() - 1)) / std::max(1, shown_b - 1);
    b.put(0, c, inputs.col(j).cwiseMax(0).cwiseMin(1));
    b.put(1, c, outputs.col(j));
  }
  out.files.emplace_back("arbitrary_inputs.csv", matrix_csv(b.pixels));
  out.figures.push_back({"arbitrary_inputs.png", panel_script("arbitrary_inputs.csv", "inputs (top) and f(input) (bottom), net trained on 10 images")});
  return out;
}

}  // namespace memo::mem
