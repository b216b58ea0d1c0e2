// quickstart — the smallest memorization experiment (AM §2). An overparameterized
// autoencoder trained on 3 points in the plane stores them as attractors: the spectral radius
// of its Jacobian at each point is below 1, so iterating the map from a nearby start walks
// back to the stored point.
#include <fmt/format.h>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
using namespace memo;

int main() {
  Mat X(2, 3);  // three training points, one per column
  X << 0.8, -0.6, 0.1,
       0.2, 0.5, -0.9;
  Rng rng(1);  // 6 hidden layers of 128 SELU units: ~83,000 parameters for 6 numbers
  Mlp net = make_mlp({2, 128, 128, 128, 128, 128, 128, 2}, parse_activation("selu"),
                     Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = 1e-3}, parameters(net));
  const TrainResult fit = train(net, X, X, LossKind::mse, adam, {.tol = 1e-12, .max_epochs = 5000});
  fmt::print("trained: {}\n", fit.describe());
  for (int i = 0; i < 3; ++i) {
    const double radius = spectral_radius(jacobian(net, X.col(i)));
    fmt::print("training point {}: spectral radius of J = {:.4f} ({})\n", i, radius,
               radius < 1 ? "attractor" : "not an attractor");
  }
  Mat x = X.col(0) + Vec::Constant(2, 0.05);  // start near training point 0
  int k = 0;
  for (double step = 1; k < 2000 && step > 1e-12; ++k) {
    const Mat next = forward(net, x);
    step = (next - x).norm();
    x = next;
  }
  Eigen::Index nearest;
  const double distance = (X.colwise() - x.col(0)).colwise().norm().minCoeff(&nearest);
  fmt::print("after {} iterations: ({:+.4f}, {:+.4f}), training point {} at distance {:.1e}\n", k,
             x(0), x(1), nearest, distance);
  return nearest == 0 && distance < 1e-4 ? 0 : 1;
}
