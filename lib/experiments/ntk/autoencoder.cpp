#include "lib/experiments/ntk/autoencoder.hpp"

#include <cmath>
#include <fmt/format.h>

#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "theory/kernel_regression.hpp"

namespace memo::ntk {

Mlp autoencoder(int n0, int width, const std::string& activation, std::uint64_t seed) {
  Rng rng(seed);
  return make_mlp({n0, width, n0}, parse_activation(activation), Parametrization::ntk, false, rng);
}

TrainResult train_gd(Mlp& net, const Mat& X, double tol, long max_epochs) {
  Optimizer gd(Sgd{.lr = 1}, parameters(net));
  return train(net, X, X, LossKind::half_sum_over_n, gd,
               {.tol = tol, .max_epochs = max_epochs, .quiet = true, .keep_history = false});
}

TrainResult train_to_loss(Mlp& net, const Mat& X, double tol, long max_epochs) {
  const TrainResult result = train_gd(net, X, tol, max_epochs);
  if (!result.converged())
    throw Error(fmt::format("width-{} network on {} points did not reach loss {:g}: {}", net.widths[1], X.cols(), tol,
                            result.describe()));
  return result;
}

std::uint64_t repetition_seed(std::uint64_t seed, int repetition) {
  return repetition == 0 ? seed : run_seed(seed, 1000000 + static_cast<std::uint64_t>(repetition));
}

double TrainedAndPredicted::mean_gap() const {
  double s = 0;
  for (size_t i = 0; i < trained.size(); ++i) s += std::abs(trained[i] - predicted[i]);
  return s / static_cast<double>(trained.size());
}

double TrainedAndPredicted::largest_gap() const {
  double g = 0;
  for (size_t i = 0; i < trained.size(); ++i) g = std::max(g, std::abs(trained[i] - predicted[i]));
  return g;
}

TrainedAndPredicted train_and_predict(const Mat& X, int width, std::uint64_t seed, int nodes, double tol,
                                      long max_epochs) {
  Mlp net = autoencoder(static_cast<int>(X.rows()), width, "sigmoid", seed);
  return train_and_predict_in_place(net, X, nodes, tol, max_epochs);
}

double mean(const std::vector<double>& values) {
  double s = 0;
  for (double x : values) s += x;
  return s / static_cast<double>(values.size());
}

bool follows_ntk_rate(double narrow_gap, int narrow, double wide_gap, int wide) {
  return wide_gap * std::sqrt(double(wide)) <= 2 * narrow_gap * std::sqrt(double(narrow));
}

}  // namespace memo::ntk

namespace memo::ntk {

TrainedAndPredicted train_and_predict_in_place(Mlp& net, const Mat& X, int nodes, double tol, long max_epochs) {
  const KernelRegression fit = fit_kernel_regression(make_kernel(net.activation, 2, nodes), X, forward(net, X));
  TrainedAndPredicted out;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const Mat J0 = jacobian(net, X.col(i));
    out.predicted.push_back(spectral_radius(predicted_jacobian(fit, X.col(i), J0)));
    out.initial.push_back(spectral_radius(J0));
    out.initial_norm.push_back(operator_norm(J0));
  }
  const TrainResult result = train_gd(net, X, tol, max_epochs);
  out.epochs = result.epochs;
  out.converged = result.converged();
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const Mat J = jacobian(net, X.col(i));
    out.trained.push_back(spectral_radius(J));
    out.trained_norm.push_back(operator_norm(J));
  }
  out.training_error = (forward(net, X) - X).colwise().norm().maxCoeff();
  return out;
}

void check_kernel_radii(const std::vector<double>& radii, int n0) {
  const double largest = 50 * std::sqrt(double(n0));
  for (double r : radii)
    if (r > largest)
      throw Error(fmt::format("--radii {:g}: expected at most 50·√n0 = {:g} (the kernel quadrature grows with r/√n0)", r,
                              largest));
}

}  // namespace memo::ntk
