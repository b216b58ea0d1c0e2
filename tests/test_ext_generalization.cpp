// ext-generalization (EXT 3) at a tiny size: n0 = 8, r = 2, the report's setting 2 (width 1000,
// 50 training / 20 validation points), re-assembled by hand from its documented seeds.
#include <doctest/doctest.h>

#include <cmath>

#include "datasets/synthetic.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "lib/experiments/ntk/generalization.hpp"
#include "theory/kernel_regression.hpp"

using namespace memo;
using namespace memo::ntk;

namespace {

// (1/2n)Σ_i ‖f(x_i) − x_i‖², one column at a time
double loss_by_columns(const Mat& fX, const Mat& X) {
  double sum = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) sum += (fX.col(i) - X.col(i)).squaredNorm();
  return sum / (2.0 * double(X.cols()));
}

}  // namespace

TEST_CASE("curve_steps samples 0, 1, 2, 5, 10, … up to the step limit") {
  CHECK(curve_steps(100) == std::vector<long>{0, 1, 2, 5, 10, 20, 50, 100});
  CHECK(curve_steps(1) == std::vector<long>{0, 1});
  CHECK(curve_steps(30) == std::vector<long>{0, 1, 2, 5, 10, 20});
}

TEST_CASE("the report's Table 1 settings, and bad settings refused") {
  CHECK(generalization_setup(2).width == 1000);
  CHECK(generalization_setup(2).train == 50);
  CHECK(generalization_setup(2).validation == 20);
  CHECK(generalization_setup(4).width == 50);
  CHECK(generalization_setup(4).loose);
  CHECK(generalization_setup(5).mixed_norms);
  CHECK_THROWS_WITH_AS(generalization_setup(6), doctest::Contains("expected 1 to 5"), Error);
  GeneralizationSettings s = generalization_presets().front().second;
  s.mixed_min = 10;
  s.mixed_max = 5;
  CHECK_THROWS_WITH_AS(run_generalization(s, {.seed = 0}), doctest::Contains("expected more than --mixed-min"), Error);
}

TEST_CASE("ext-generalization at a tiny size equals the same training assembled by hand") {
  GeneralizationSettings s = generalization_presets().front().second;
  s.n0 = 8;
  s.radius = 2;
  s.settings = {2};
  s.tol = 1e-3;  // 50 points in 8 dimensions: 1e-7 takes more than 20,000 steps
  s.max_epochs = 20000;
  const unsigned long seed = 3;
  const ExperimentResult result = run_generalization(s, {.seed = seed, .threads = 1});
  const Json& m = result.measured.at("settings").at(0);
  REQUIRE(m.at("converged") == 1);

  Rng rng(generalization_data_seed(seed, 0));
  const Mat all = sphere_points(8, 70, 2.0, rng);
  const Mat X = all.leftCols(50), V = all.rightCols(20);
  Mlp net = autoencoder(8, 1000, "sigmoid", generalization_network_seed(seed, 2, 0));
  CHECK(m.at("median_initial_train_loss").get<double>() == doctest::Approx(loss_by_columns(forward(net, X), X)).epsilon(1e-12));
  CHECK(m.at("median_initial_validation_loss").get<double>() ==
        doctest::Approx(loss_by_columns(forward(net, V), V)).epsilon(1e-12));

  const KernelRegression fit = fit_kernel_regression(make_kernel(net.activation, 2), X, forward(net, X));
  Mat predicted(8, 20);
  for (Eigen::Index j = 0; j < 20; ++j) predicted.col(j) = predicted_output(fit, V.col(j), forward(net, Mat(V.col(j))).col(0));
  const double kernel_loss = loss_by_columns(predicted, V);
  CHECK(m.at("median_kernel_validation_loss").get<double>() == doctest::Approx(kernel_loss).epsilon(1e-10));

  const TrainResult trained = train_gd(net, X, s.tol, s.max_epochs);
  REQUIRE(trained.converged());
  CHECK(m.at("median_train_loss").get<double>() < s.tol);
  const double validation = loss_by_columns(forward(net, V), V);
  CHECK(m.at("median_validation_loss").get<double>() == doctest::Approx(validation).epsilon(1e-10));
  CHECK(m.at("median_gap_per_coordinate").get<double>() == doctest::Approx(2 * m.at("median_gap").get<double>() / 8));
  int attractors = 0;
  for (Eigen::Index i = 0; i < 50; ++i) attractors += spectral_radius(jacobian(net, X.col(i))) < 1;
  CHECK(m.at("median_attractor_fraction").get<double>() == doctest::Approx(attractors / 50.0));
  // the validation loss stays above the training loss, and the wide network's is near its kernel
  // interpolant's (NTK eq. 2)
  CHECK(validation > trained.final_loss);
  CHECK(validation == doctest::Approx(kernel_loss).epsilon(0.2));
}
