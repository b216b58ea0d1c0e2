// Jacobians: closed form = tape (batched reverse mode) = finite differences; spectra basics.
#include <doctest/doctest.h>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"

using namespace memo;

TEST_CASE("MLP Jacobian: closed form = batched reverse mode = central differences") {
  for (const auto param : {Parametrization::standard, Parametrization::ntk}) {
    for (const std::string act : {"sigmoid", "tanh", "cosid", "selu"}) {
      CAPTURE(act);
      Rng rng(3);
      Mlp net = make_mlp({5, 11, 7, 5}, parse_activation(act), param, true, rng);
      const Vec x = random_normal(5, 1, rng);
      const Mat closed = jacobian(net, x);
      const Mat taped = jacobian([&](Tape&, Var X) { return forward(net, X); }, x, 5);
      Mat numeric(5, 5);
      const double h = 1e-6;
      for (int j = 0; j < 5; ++j) {
        Vec plus = x, minus = x;
        plus(j) += h, minus(j) -= h;
        numeric.col(j) = (forward(net, Mat(plus)) - forward(net, Mat(minus))) / (2 * h);
      }
      CHECK((closed - taped).norm() / closed.norm() < 1e-12);
      CHECK((closed - numeric).norm() / closed.norm() < 1e-8);
    }
  }
}

TEST_CASE("spectra of a known non-symmetric matrix") {
  Mat J(2, 2);
  J << 0, -2, 0.5, 0;  // eigenvalues ±i (modulus 1); singular values 2 and 0.5
  CHECK(spectral_radius(J) == doctest::Approx(1.0));
  CHECK(operator_norm(J) == doctest::Approx(2.0));
  CHECK(singular_values(J)(1) == doctest::Approx(0.5));
  CHECK(count_near_unit_modulus(eigenvalues(J), 1e-9) == 2);
  Mat R(3, 3);
  R << 0.5, 1, 0, 0, -0.9, 3, 0, 0, 0.1;  // triangular: eigenvalues on the diagonal
  const ComplexVec values = eigenvalues(R);
  CHECK(values(0).real() == doctest::Approx(-0.9));
  CHECK(values(2).real() == doctest::Approx(0.1));
  CHECK(spectral_radius(R) < operator_norm(R));
  CHECK_THROWS_AS(eigenvalues(Mat::Ones(2, 3)), Error);
}

TEST_CASE("fast spectra (LAPACK dgeev/dgesdd from OpenBLAS) equal Eigen's reference solvers") {
  Rng rng(17);
  for (int n : {1, 2, 7, 60, 200}) {
    CAPTURE(n);
    const Mat J = random_normal(n, n, rng) / std::sqrt(static_cast<double>(n));
    const ComplexVec fast = eigenvalues(J);
    ComplexVec reference = Eigen::EigenSolver<Mat>(J, false).eigenvalues();
    // match every reference eigenvalue to the nearest fast one (both sets are sorted by modulus,
    // but equal moduli — conjugate pairs — may come in either order)
    double worst = 0;
    for (const auto& r : reference) {
      double nearest = 1e300;
      for (const auto& f : fast) nearest = std::min(nearest, std::abs(f - r));
      worst = std::max(worst, nearest);
    }
    CHECK(worst < 1e-11);
    CHECK(std::abs(std::abs(fast(0)) - reference.cwiseAbs().maxCoeff()) < 1e-12);
    const Vec s = singular_values(J), s_reference = Eigen::JacobiSVD<Mat>(J).singularValues();
    CHECK((s - s_reference).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(operator_norm(J) == doctest::Approx(s_reference(0)).epsilon(1e-13));
  }
  const Mat tall = random_normal(9, 4, rng);
  CHECK((singular_values(tall) - Eigen::JacobiSVD<Mat>(tall).singularValues()).cwiseAbs().maxCoeff() < 1e-12);
}

// J = A B with A (d × w), B (w × d): eigenvalues and singular values from w × w problems equal
// those of the d × d product, the d − w extra eigenvalues exactly 0.
TEST_CASE("spectrum_of_product (w × w problems) equals the spectrum of the formed d × d product") {
  Rng rng(23);
  for (const auto& [d, w] : {std::pair{9, 4}, std::pair{40, 7}, std::pair{120, 30}, std::pair{6, 6}, std::pair{5, 8}}) {
    CAPTURE(d);
    CAPTURE(w);
    const Mat A = random_normal(d, w, rng) / std::sqrt(double(w)), B = random_normal(w, d, rng) / std::sqrt(double(d));
    const Mat J = A * B;
    const Spectrum full = spectrum(J, true), small = spectrum_of_product(A, B, true);
    CHECK(small.spectral_radius == doctest::Approx(full.spectral_radius).epsilon(1e-12));
    CHECK(small.operator_norm == doctest::Approx(full.operator_norm).epsilon(1e-12));
    REQUIRE(small.eigenvalues.size() == d);
    // every eigenvalue of the product has a partner among the d × d solver's (which returns
    // the zero eigenvalues as values of about 1e-16 ‖J‖)
    double worst = 0;
    for (const auto& value : small.eigenvalues) {
      double nearest = 1e300;
      for (const auto& reference : full.eigenvalues) nearest = std::min(nearest, std::abs(reference - value));
      worst = std::max(worst, nearest);
    }
    CHECK(worst < 1e-11 * full.operator_norm);  // J's zero eigenvalue is semisimple (null space of B)
    for (Eigen::Index i = std::min(d, w); i < d; ++i) CHECK(small.eigenvalues(i) == std::complex<double>(0, 0));
  }
  CHECK_THROWS_AS(spectrum_of_product(Mat::Ones(5, 2), Mat::Ones(3, 5)), Error);
}

TEST_CASE("an MLP map narrower than its input gives spectra_at from the factored Jacobian, equal to the full one") {
  Rng rng(5);
  for (const char* act : {"selu", "sigmoid"}) {
    CAPTURE(act);
    const Mlp net = make_mlp({30, 6, 6, 30}, parse_activation(act), Parametrization::standard, true, rng);
    const DynamicalMap f = mlp_map(net);
    REQUIRE(f.spectra);  // first hidden width 6 < 30
    const Mat points = random_normal(30, 5, rng);
    const std::vector<Spectrum> factored = spectra_at(f, points), full = spectra(f.jacobians(points));
    for (size_t i = 0; i < full.size(); ++i) {
      CHECK(factored[i].spectral_radius == doctest::Approx(full[i].spectral_radius).epsilon(1e-11));
      CHECK(factored[i].operator_norm == doctest::Approx(full[i].operator_norm).epsilon(1e-11));
    }
  }
  const Mlp wide = make_mlp({4, 9, 4}, parse_activation("tanh"), Parametrization::standard, true, rng);
  CHECK_FALSE(mlp_map(wide).spectra);  // 9 ≥ 4: the d × d Jacobian is the smaller problem
}
