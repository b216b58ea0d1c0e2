#include "lib/experiments/am/rank_one_fit.hpp"

namespace memo::am {

Vec random_unit_vector(int d, Rng& rng) {
  const Vec x = random_normal(d, 1, rng);
  return x / x.norm();
}

TrainResult fit_one_example(Mlp& net, const Vec& x, const Vec& y, const OneExampleFit& options) {
  Optimizer gd(Sgd{.lr = options.lr}, parameters(net));
  // half_sum_over_n with one example is ½‖y − f(x)‖²
  TrainResult result = train(net, Mat(x), Mat(y), LossKind::half_sum_over_n, gd,
                             {.tol = options.tol, .max_epochs = options.max_epochs, .quiet = true, .keep_history = false});
  if (!result.converged()) throw Error("training did not converge: " + result.describe());
  return result;
}

}  // namespace memo::am
