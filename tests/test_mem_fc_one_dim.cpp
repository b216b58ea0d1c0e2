// mem-1d (MEM Fig. 1a) at a tiny size: the reported slopes f'(x_i) against central differences
// of the trained maps, and the interpolation f(x_i) ≈ x_i that training must reach.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/experiments/mem/one_dim.hpp"

using namespace memo;

TEST_CASE("mem-1d at a tiny size: slopes match finite differences of the same trained networks") {
  mem::OneDimSettings s = mem::one_dim_presets().front().second;
  s.points = {-1, 0.5};
  s.net.width = 20;
  s.deep_depth = 3;
  s.net.tol = 1e-6;
  s.net.max_epochs = 20000;
  s.starts = 11;
  s.iterations = 100;
  const ExperimentResult r = mem::run_one_dim(s, {.seed = 2});
  REQUIRE(r.comparison("networks trained").agrees);
  REQUIRE(r.rows.rows() == 8);
  const Json& nets = r.measured.at("networks");
  REQUIRE(nets.size() == 4);

  // Network k is trained from run_seed(seed, k): shallow small, shallow large, deep small, deep large.
  Mat X(1, 2);
  X << -1, 0.5;
  const int depths[4] = {1, 1, 3, 3};
  const std::string inits[4] = {s.small_init, s.large_init, s.small_init, s.large_init};
  for (int k = 0; k < 4; ++k) {
    mem::FcNetworkSettings net = s.net;
    net.depth = depths[k];
    net.init = inits[k];
    const mem::FcAutoencoder trained = mem::train_fc_autoencoder(X, net, run_seed(2, k), true);
    const std::vector<double> slopes = nets[k].at("slopes");
    for (int i = 0; i < 2; ++i) {
      // Trained leaky-ReLU maps often have a kink at a training point: the Jacobian there is
      // the slope on one side, so it must match the left or the right difference quotient.
      const double x = X(0, i), h = 1e-7;
      const double f0 = forward(trained.net, Mat::Constant(1, 1, x))(0, 0);
      const double right = (forward(trained.net, Mat::Constant(1, 1, x + h))(0, 0) - f0) / h;
      const double left = (f0 - forward(trained.net, Mat::Constant(1, 1, x - h))(0, 0)) / h;
      const double tol = 1e-5 * std::max(1.0, std::abs(slopes[i]));
      CHECK((std::abs(slopes[i] - right) < tol || std::abs(slopes[i] - left) < tol));
      CHECK(std::abs(forward(trained.net, Mat::Constant(1, 1, x))(0, 0) - x) < 2e-3);  // MSE < 1e-6
    }
  }
  mem::OneDimSettings bad = s;
  bad.points = {1, 1};
  CHECK_THROWS_WITH_AS(mem::run_one_dim(bad, {.seed = 0}), doctest::Contains("appears twice"), Error);
}
