// quickstart — the smallest memorization experiment (AM §2, SPEC §0): an overparameterized
// autoencoder trained on 3 points in the plane stores them as attractors, so iterating the
// trained map from a nearby point walks back to the stored point.
#include <fmt/format.h>

#include "lib/mlp.hpp"
#include "lib/train.hpp"

using namespace memo;

int main() {
  Mat X(2, 3);  // three training points, one per column
  X << 0.8, -0.6, 0.1,
       0.2, 0.5, -0.9;
  Rng rng(1);
  Mlp net = make_mlp({2, 256, 256, 2}, parse_activation("tanh"), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = 1e-3}, parameters(net));
  TrainResult fit = train(net, X, X, LossKind::mse, adam, {.tol = 1e-10, .max_epochs = 20000});
  fmt::print("trained: {}\n", fit.describe());

  Vec x = X.col(0) + Vec::Constant(2, 0.05);  // start near the first training point
  fmt::print("start   ({:+.6f}, {:+.6f})\n", x(0), x(1));
  int k = 0;
  for (double step = 1; k < 1000 && step > 1e-12; ++k) {
    Vec next = forward(net, Mat(x));
    step = (next - x).norm();
    x = next;
  }
  Eigen::Index nearest;
  const double distance = (X.colwise() - x).colwise().norm().minCoeff(&nearest);
  fmt::print("after {} iterations ({:+.6f}, {:+.6f}): training point {} at distance {:.1e}\n", k,
             x(0), x(1), nearest, distance);
  return distance < 1e-6 ? 0 : 1;
}
