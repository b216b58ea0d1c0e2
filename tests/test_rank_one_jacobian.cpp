// The rank-one network (AM Thm 2, Cor. 1) has J(x) = e_φ(v) x x^T at its training
// example; more random-MLP Jacobian checks through the DynamicalMap interface.
#include <doctest/doctest.h>

#include "lib/dynamics/dynamical_map.hpp"
#include "lib/dynamics/iteration.hpp"
#include "lib/dynamics/spectra.hpp"

using namespace memo;

namespace {

// f(z) = A φ(B z) with A = x (u·1_k)^T, B = (v·1_k) x^T and u = 1/(k φ(v)), so f(x) = x.
Mlp rank_one_network(const Vec& x, const Activation& phi, int k, double v) {
  Rng rng(0);
  const int d = static_cast<int>(x.size());
  Mlp net = make_mlp({d, k, d}, phi, Parametrization::standard, false, rng);
  const double u = 1 / (k * activate(phi, v));
  net.layers[0].weight.value = v * Vec::Ones(k) * x.transpose();
  net.layers[1].weight.value = x * (u * Vec::Ones(k)).transpose();
  return net;
}

}  // namespace

TEST_CASE("rank-one network: J(x) = e_φ(v) x x^T, one eigenvalue e_φ(v), the rest 0") {
  Rng rng(4);
  const int d = 7, k = 3;
  Vec x = random_normal(d, 1, rng).col(0);
  x.normalize();
  // sigmoid at the gradient-flow solution of AM Thm 2 (k = 2 there; any k gives the
  // same λ = e_φ(v)), and the exp2 / cosid cases.
  for (const auto& [name, v] : {std::pair{"sigmoid", 0.92915}, {"exp2", 0.30054}, {"tanh", 0.7}, {"cosid", -0.4}}) {
    CAPTURE(name);
    const Activation phi = parse_activation(name);
    const Mlp net = rank_one_network(x, phi, k, v);
    CHECK((forward(net, Mat(x)).col(0) - x).norm() < 1e-14);
    const double lambda = elasticity(phi, v);
    const Mat J = jacobian(net, x);
    CHECK((J - lambda * x * x.transpose()).norm() < 1e-14);
    const ComplexVec values = eigenvalues(J);
    CHECK(values(0).real() == doctest::Approx(lambda).epsilon(1e-12));
    CHECK(std::abs(values(0).imag()) < 1e-12);
    for (int i = 1; i < d; ++i) CHECK(std::abs(values(i)) < 1e-12);
  }
  // AM's value for the sigmoid, k = 2, u0 = v0 = 1: λ1 = 0.26304.
  CHECK(elasticity(parse_activation("sigmoid"), 0.92915) == doctest::Approx(0.26304).epsilon(1e-4));
}

TEST_CASE("AM Cor. 1: the sigmoid rank-one net with v = −3 interpolates x but repels; iteration finds a 2-cycle") {
  Rng rng(6);
  const int d = 5, k = 2;
  const double v = -3;
  Vec x = random_normal(d, 1, rng).col(0);
  x.normalize();
  const Activation sigmoid = parse_activation("sigmoid");
  const Mlp net = rank_one_network(x, sigmoid, k, v);
  const DynamicalMap f = mlp_map(net);
  const double lambda = elasticity(sigmoid, v);  // ≈ −2.858
  CHECK(lambda == doctest::Approx(-2.8577).epsilon(1e-4));
  CHECK(spectral_radius(jacobian(f, x)) == doctest::Approx(-lambda).epsilon(1e-12));
  // f maps into span{x}: on z = t x it is t ↦ h(t) = σ(v t)/σ(v). Reference orbit of h:
  double t = 1.01;
  for (int i = 0; i < 200; ++i) t = activate(sigmoid, v * t) / activate(sigmoid, v);
  const double t2 = activate(sigmoid, v * t) / activate(sigmoid, v);
  const IterationResult r = iterate(f, Mat(1.01 * x), Mat(x), am_criterion(1000));
  REQUIRE(r.ends[0].kind == LimitKind::cycle);
  CHECK(r.ends[0].period == 2);
  const Limit& cycle = r.limits[r.ends[0].limit];
  CHECK(cycle.example == -1);
  // the cycle points are {t x, t2 x} in some order
  const double a = cycle.points.col(0).dot(x), b = cycle.points.col(1).dot(x);
  CHECK(std::min(std::abs(a - t) + std::abs(b - t2), std::abs(a - t2) + std::abs(b - t)) < 1e-9);
  // ρ(J_{f²}) = |h'(t) h'(t2)|, h'(s) = v σ'(v s)/σ(v): a stable spurious cycle
  const double dh = v * activate(sigmoid, v * t, 1) / activate(sigmoid, v);
  const double dh2 = v * activate(sigmoid, v * t2, 1) / activate(sigmoid, v);
  CHECK(cycle.spectral_radius == doctest::Approx(std::abs(dh * dh2)).epsilon(1e-6));
  CHECK(cycle.attracting());
}

TEST_CASE("more activations and depths: closed form = tape = central differences, through DynamicalMap") {
  for (const auto param : {Parametrization::standard, Parametrization::ntk}) {
    for (const std::string act : {"relu", "leaky_relu", "sigmoid_erf", "swish", "softplus", "erf", "sinusoid"}) {
      CAPTURE(act);
      Rng rng(8);
      Mlp net = make_mlp({4, 9, 8, 9, 4}, parse_activation(act), param, param == Parametrization::standard, rng);
      const Vec x = random_normal(4, 1, rng).col(0);
      const DynamicalMap closed = mlp_map(net);
      const DynamicalMap taped = tape_map([&net](Tape&, Var X) { return forward(net, X); }, 4);
      const Mat J = jacobian(closed, x);
      // Fourth-order central differences: sinusoid's third derivative reaches 200 and some of
      // these Jacobians have norm ~4e-3, so the 2-point rule cannot reach 1e-8 at any h.
      Mat numeric(4, 4);
      const double h = 1e-4;
      auto at = [&](int j, double step) {
        Vec p = x;
        p(j) += step;
        return Vec(forward(net, Mat(p)).col(0));
      };
      for (int j = 0; j < 4; ++j)
        numeric.col(j) = (at(j, -2 * h) - 8 * at(j, -h) + 8 * at(j, h) - at(j, 2 * h)) / (12 * h);
      CHECK((J - jacobian(taped, x)).norm() / J.norm() < 1e-12);
      CHECK((J - numeric).norm() / J.norm() < 1e-8);
      CHECK((closed.apply(Mat(x)) - taped.apply(Mat(x))).norm() < 1e-14);
    }
  }
}

TEST_CASE("chain-rule Jacobian of an MLP's f^3 = tape Jacobian of f∘f∘f") {
  Rng rng(9);
  Mlp net = make_mlp({5, 12, 5}, parse_activation("tanh"), Parametrization::standard, true, rng);
  const Vec x = random_normal(5, 1, rng).col(0);
  const Mat chained = power_jacobian(mlp_map(net), x, 3);
  const Mat taped = jacobian([&net](Tape&, Var X) { return forward(net, forward(net, forward(net, X))); }, x, 5);
  CHECK((chained - taped).norm() / taped.norm() < 1e-12);
}

TEST_CASE("parallel spectra equal serial spectra") {
  Rng rng(10);
  std::vector<Mat> Js;
  for (int i = 0; i < 12; ++i) Js.push_back(random_normal(6, 6, rng));
  const std::vector<Spectrum> s = spectra(Js, true);
  for (int i = 0; i < 12; ++i) {
    CHECK(s[i].spectral_radius == spectral_radius(Js[i]));
    CHECK(s[i].operator_norm == operator_norm(Js[i]));
    CHECK(s[i].eigenvalues.size() == 6);
  }
}
