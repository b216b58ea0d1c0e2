// Conv-as-matrix theory (theory/conv_matrix.hpp; MEM §4, App. D–F): forced zeros of
// L-layer products (closed form vs boolean products vs random multi-channel filters), the
// depths of Thm 5 and App. F, and Thm 4 (GD from zero on one filter = the minimum-norm filter,
// a full-rank operator).
#include <doctest/doctest.h>

#include "lib/nn/conv_net.hpp"
#include "lib/dynamics/spectra.hpp"
#include "theory/conv_matrix.hpp"

using namespace memo;
using namespace memo::conv_theory;

TEST_CASE("forced zeros: closed form = boolean product = zeros of random multi-channel products") {
  for (int s = 1; s <= 6; ++s)
    for (int L = 0; L <= 6; ++L) {
      CAPTURE(s); CAPTURE(L);
      const Mat support = structural_support(s, L);
      CHECK(static_cast<long>(support.size() - support.sum()) == forced_zero_count(s, L));
    }
  // 4×4 images, 2 layers: pairs at Chebyshev distance 3 are zero. Per axis 16 − 2 = 14 pairs
  // lie within distance 2, so 256 − 14² = 60 entries are forced to zero.
  CHECK(forced_zero_count(4, 2) == 60);
  // A 2-layer net with 16 filters (1 → 16 → 1) and random weights is zero exactly there.
  ConvStackOptions options;
  options.image_size = 4;
  options.layers = 2;
  options.filters = 16;
  ConvNet net = make_conv_stack(options);
  Rng rng(3);
  initialize(net, "normal:1", rng);
  const Mat M = linear_operator(net);
  const Mat support = structural_support(4, 2);
  for (Eigen::Index i = 0; i < M.size(); ++i) {
    if (support.data()[i] == 0) CHECK(M.data()[i] == 0);
    else CHECK(std::abs(M.data()[i]) > 1e-9);
  }
}

TEST_CASE("Thm 5 depth s − 1 is the first with no forced zero; App. F heuristic ⌈s⁴/9⌉") {
  for (int s = 2; s <= 8; ++s) {
    const int L = min_memorization_depth(s);
    CHECK(forced_zero_count(s, L) == 0);
    CHECK(forced_zero_count(s, L - 1) > 0);
  }
  // MEM Table 2's "heuristic lower bound layers" column.
  CHECK(heuristic_depth(2) == 2);
  CHECK(heuristic_depth(3) == 9);
  CHECK(heuristic_depth(4) == 29);
  CHECK(heuristic_depth(5) == 70);
  CHECK(heuristic_depth(6) == 144);
  CHECK(heuristic_depth(7) == 267);
}

TEST_CASE("projection onto the span: x x^T/||x||^2 for one image, idempotent for several") {
  Rng rng(6);
  const Vec x = random_normal(9, 1, rng);
  CHECK((projection_onto_span(x) - x * x.transpose() / x.squaredNorm()).norm() < 1e-13);
  const Mat X = random_normal(9, 3, rng);
  const Mat P = projection_onto_span(X);
  CHECK((P * P - P).norm() < 1e-12);
  CHECK((P * X - X).norm() < 1e-12);
  CHECK(P.trace() == doctest::Approx(3).epsilon(1e-12));
}

TEST_CASE("Thm 4: one filter trained by GD from zero = minimum-norm filter, operator of rank s^2") {
  // s = 2: 4 equations for 9 taps, GD picks the minimum-norm interpolating filter, which is
  // not the identity filter. s = 4: 16 equations, 9 taps — the identity filter is the only fit.
  for (int s : {2, 4}) {
    CAPTURE(s);
    ConvStackOptions options;
    options.image_size = s;
    options.layers = 1;
    ConvNet net = make_conv_stack(options);  // weights start at zero
    Rng rng(12);
    const Vec x = random_normal(s * s, 1, rng);
    Optimizer gd(Sgd{.lr = 0.05}, parameters(net));
    const TrainResult result =
        train(gd, autoencoder_loss(net, x, LossKind::mse), {.max_epochs = 20000, .quiet = true});
    CHECK(result.final_loss < 1e-20);
    const Mat w_star = min_norm_single_filter(x, s);
    CHECK((net.layers[0].weight.value - w_star).norm() < 1e-8);
    const Vec sv = singular_values(linear_operator(net));
    CHECK(sv(s * s - 1) > 1e-2 * sv(0));  // rank s²: no memorisation (that would be rank 1)
    Mat identity_filter = Mat::Zero(1, 9);
    identity_filter(0, 4) = 1;
    if (s == 2) CHECK((w_star - identity_filter).norm() > 0.1);
    else CHECK((w_star - identity_filter).norm() < 1e-10);
  }
}

TEST_CASE("Corollary: a 2-layer net on a 4×4 image cannot memorise it; 29 single-filter layers do") {
  Rng rng(21);
  const Vec x = random_normal(16, 1, rng);
  const Mat P = projection_onto_span(x);
  const double bound = forced_zero_distance(x, 4, 2);
  CHECK(bound > 0.1);

  ConvStackOptions shallow_options;
  shallow_options.image_size = 4;
  shallow_options.layers = 2;
  shallow_options.filters = 4;
  ConvNet shallow = make_conv_stack(shallow_options);
  initialize(shallow, "normal:0.1", rng);
  Optimizer gd(Sgd{.lr = 0.1}, parameters(shallow));
  const TrainResult fitted =
      train(gd, autoencoder_loss(shallow, x, LossKind::mse), {.tol = 1e-8, .max_epochs = 20000, .quiet = true});
  CHECK(fitted.converged());  // it reproduces x …
  const Mat M2 = linear_operator(shallow);
  CHECK((M2 - P).norm() >= bound);  // … but is not the projection (Lemma 4)
  CHECK(M2.cwiseProduct(Mat::Ones(16, 16) - structural_support(4, 2)).cwiseAbs().maxCoeff() == 0);

  // MEM Table 2, 4×4 row: ⌈4⁴/9⌉ = 29 layers, every parameter 0.1, Adam lr 1e-4 to MSE < 1e-6.
  ConvStackOptions deep_options;
  deep_options.image_size = 4;
  deep_options.layers = static_cast<int>(heuristic_depth(4));
  ConvNet deep = make_conv_stack(deep_options);
  initialize(deep, "const:0.1", rng);
  Optimizer adam(Adam{.lr = 1e-4}, parameters(deep));
  const TrainResult deep_fit =
      train(adam, autoencoder_loss(deep, x, LossKind::mse), {.tol = 1e-6, .max_epochs = 30000, .quiet = true});
  CHECK(deep_fit.converged());
  const Vec spectrum = spectrum_moduli(linear_operator(deep));
  CHECK(spectrum(0) == doctest::Approx(1).epsilon(0.01));
  CHECK(spectrum(1) < 1e-2);  // rank one: it memorised x
  // M ≈ x v^T with v^T x = 1: every output is a multiple of x, though M need not be the
  // orthogonal projection (M is not symmetric; v is not x/‖x‖²).
  const Mat M = linear_operator(deep);
  const Mat off_span = (Mat::Identity(16, 16) - P) * M;
  MESSAGE("29-layer net: |λ2| = " << spectrum(1) << ", ‖(I − P)M‖/‖M‖ = " << off_span.norm() / M.norm()
          << ", ‖M − P‖ = " << (M - P).norm());
  CHECK(off_span.norm() < 1e-2 * M.norm());
}
