// verify claims from MEM (Radhakrishnan, Yang, Belkin, Uhler 2019).
#pragma once
#include <fmt/format.h>

#include "apps/verify_claim.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/min_norm.hpp"
#include "theory/phi_span.hpp"
#include "theory/piecewise_memorizer.hpp"
#include "theory/wide_relu.hpp"

namespace memo::verify {

namespace mem_detail {

// A single linear layer (no bias) trained by GD on X with loss (1/2n)Σ‖Ax_i − x_i‖² until the
// loss stops changing; returns the trained matrix.
inline Mat train_linear_autoencoder(const Mat& X, const Mat& A0) {
  Rng rng(0);
  Mlp net = make_mlp({static_cast<int>(X.rows()), static_cast<int>(X.rows())}, parse_activation("identity"),
                     Parametrization::standard, false, rng);
  net.layers[0].weight.value = A0;
  // lr below 2n/λmax(S) keeps GD stable (MEM §2: 0 < γ < 2/λmax(S), γ = lr/n).
  const double lambda_max = (X * X.transpose()).selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff();
  Optimizer sgd(Sgd{.lr = static_cast<double>(X.cols()) / lambda_max}, parameters(net));
  train(net, X, X, LossKind::half_sum_over_n, sgd, {.tol = 1e-30, .max_epochs = 20000, .quiet = true, .keep_history = false});
  return net.layers[0].weight.value;
}

inline int numerical_rank(const Mat& A) { return min_norm::numerical_rank(singular_values(A), 1e-6); }

}  // namespace mem_detail

inline void add_mem_claims(std::vector<Claim>& claims) {
  claims.push_back({"mem-minnorm", "MEM §2, App. A", "linear AE by GD from 0 → projector X X⁺ (rank n)", "rank n", "build/bin/theory minnorm --data X.npy  (any n < d; the quick run is exact)",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed);
                      const int d = 30, n = 5;
                      const Mat X = random_normal(d, n, rng);
                      const Mat A = mem_detail::train_linear_autoencoder(X, Mat::Zero(d, d));
                      const Mat projector = min_norm::projector(X);
                      const double deviation = (A - projector).cwiseAbs().maxCoeff();
                      const int rank = mem_detail::numerical_rank(A);
                      ClaimResult r;
                      r.comparison.theory = n;
                      r.comparison.measured = rank;
                      r.comparison.tolerance = "rank equal, max|A − XX⁺| < 1e-8";
                      r.comparison.agrees = rank == n && deviation < 1e-8;
                      r.detail = fmt::format("d = {}, n = {} Gaussian examples; trained A differs from X X⁺ by {:.1e} "
                                             "(max entry).", d, n, deviation);
                      const Vec trained = singular_values(A), theory = singular_values(projector);
                      std::string data;
                      for (int i = 0; i < d; ++i) data += fmt::format("{} {:.17g} {:.17g}\n", i + 1, trained(i), theory(i));
                      if (auto png = plot(ctx, "mem-minnorm", data,
                                          "set title 'MEM §2: singular values of the trained linear autoencoder'\n"
                                          "set xlabel 'index'; set ylabel 'singular value'; set yrange [-0.05:1.15]\n"
                                          "plot $DATA using 1:2 with points pt 7 ps 1.5 title 'trained A (GD from 0)', "
                                          "$DATA using 1:3 with points pt 6 ps 2.5 title 'projector X X⁺'"))
                        r.figures.push_back(*png);
                      return r;
                    }});
  claims.push_back({"mem-noisy-init", "MEM App. I.2", "from A(0) ≠ 0 the limit is P + A(0)(I − P)", "A(0)(I−P) kept", "build/bin/theory minnorm --data X.npy --init A0.npy",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 1);
                      const int d = 30, n = 5;
                      const Mat X = random_normal(d, n, rng);
                      const Mat A0 = random_normal(d, d, rng) * 0.1;
                      const Mat A = mem_detail::train_linear_autoencoder(X, A0);
                      const Mat P = min_norm::projector(X);
                      const Mat I = Mat::Identity(d, d);
                      ClaimResult r;
                      r.comparison.theory = (A0 * (I - P)).norm();
                      r.comparison.measured = (A - P).norm();
                      const double deviation = (A - min_norm::limit(X, A0)).norm();
                      r.comparison.tolerance = "‖A − (P + A(0)(I−P))‖_F < 1e-8";
                      r.comparison.agrees = deviation < 1e-8;
                      r.detail = fmt::format("‖A(∞) − P‖_F = {:.6f} equals ‖A(0)(I − P)‖_F = {:.6f} (gap {:.1e}): "
                                             "the part of the initialisation orthogonal to the data is never removed.",
                                             r.comparison.measured, *r.comparison.theory, deviation);
                      return r;
                    }});
  claims.push_back({"mem-phispan", "MEM Thm 1", "sigmoid layer by GD from 0 → φ⁻¹(X) X⁺ (rank n)",
                    "φ⁻¹(X) X⁺", "build/bin/theory phispan --act sigmoid --data X.npy",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 2);
                      const int d = 8, n = 3;
                      const Activation sigmoid = parse_activation("sigmoid");
                      const Mat X = activate(sigmoid, random_normal(d, n, rng, 0.7));  // entries in range(φ)
                      const Mat predicted = phi_span::solution(sigmoid, X);
                      Mlp net = make_mlp({d, d}, parse_activation("identity"), Parametrization::standard, false, rng);
                      net.output_activation = sigmoid;  // the single layer φ(A x)
                      initialize(net, "zero", rng);
                      Optimizer gd(Sgd{.lr = 5}, parameters(net));
                      const TrainResult fit = train(net, X, X, LossKind::half_sum_over_n, gd,
                                                    {.tol = 1e-14, .max_epochs = 200000, .quiet = true,
                                                     .keep_history = false});
                      const Mat& A = net.layers[0].weight.value;
                      ClaimResult r;
                      r.comparison.theory = 0;
                      r.comparison.measured = (A - predicted).cwiseAbs().maxCoeff();
                      const int rank = mem_detail::numerical_rank(A);
                      // The gap scales like √loss·‖X⁺‖/min φ': about 2e-6 at loss 1e-14 for these data.
                      r.comparison.tolerance = "max|A − φ⁻¹(X)X⁺| < 1e-5 and rank n";
                      r.comparison.agrees = fit.converged() && r.comparison.measured < 1e-5 && rank == n;
                      r.detail = fmt::format("d = {}, n = {} examples with entries in (0, 1); GD lr 5 from zero, {}. "
                                             "Trained rank {} (n = {}).", d, n, fit.describe(), rank, n);
                      return r;
                    }});
  claims.push_back({"mem-thm3", "MEM Thm 3", "wide random-feature ReLU AE, one example: λ1 → ‖x‖²/(‖x‖²+1)",
                    "‖x‖²/(‖x‖²+1)", "build/bin/verify --only mem-thm3  (width 20,000 already; the limit is k → ∞)",
                    [](const ClaimContext& ctx) {
                      const int d = 4, k = 20000;
                      const double norm = 1.0;
                      Rng rng(ctx.seed + 3);
                      const Vec x = norm * random_normal(d, 1, rng).normalized();
                      Mlp net = make_mlp({d, k, d}, parse_activation("relu"), Parametrization::standard, true, rng);
                      net.layers[0].weight.value = random_normal(k, d, rng);  // W1, b i.i.d. N(0,1): same variance
                      net.layers[0].bias.value = random_normal(k, 1, rng);
                      net.layers[1].has_bias = false;
                      net.layers[1].bias.value.resize(0, 0);
                      net.layers[1].weight.value.setZero();  // W2(0) = 0; only W2 is trained
                      const Mat W1 = net.layers[0].weight.value;
                      const Vec b = net.layers[0].bias.value.col(0);
                      Optimizer gd(Sgd{.lr = 0.5 / wide_relu::features(W1, b, x).squaredNorm()}, {&net.layers[1].weight});
                      train(net, Mat(x), Mat(x), LossKind::half_sum_over_n, gd,
                            {.tol = 1e-24, .max_epochs = 200, .quiet = true, .keep_history = false});
                      ClaimResult r;
                      r.comparison.theory = wide_relu::lambda_limit(norm);
                      r.comparison.measured = spectral_radius(jacobian(net, x));
                      // finite width k: the spread over seeds is ≈ 0.003–0.005 at k = 20,000
                      r.comparison.tolerance = "|Δ| ≤ 0.02 (width 20,000)";
                      r.comparison.agrees = std::abs(r.comparison.measured - *r.comparison.theory) <= 0.02;
                      r.detail = fmt::format("‖x‖ = 1, d = 4, width {}: trained λ1 {:.5f}, exact finite-width formula "
                                             "{:.5f}, k → ∞ limit {:.5f}.", k, r.comparison.measured, wide_relu::lambda(W1, b, x),
                                             *r.comparison.theory);
                      return r;
                    }});
  claims.push_back({"mem-piecewise", "MEM Thm 6/7", "piecewise-linear ReLU map: attractors and error ≤ ε",
                    "slope < 1, error ≤ ε", "build/bin/verify --only mem-piecewise  (an exact construction)",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 4);
                      const int d = 3, n = 5;
                      const Mat X = random_uniform(d, n, rng, 0.1, 0.9);
                      const double eps = 1e-3;
                      const PiecewiseMemorizer memorizer = piecewise_memorizer(X, eps);
                      double radius = 0;
                      for (int i = 0; i < n; ++i) radius = std::max(radius, spectral_radius(jacobian(memorizer.net, X.col(i))));
                      const Mat U = random_uniform(d, 20000, rng, 0, 1);
                      const double error = (forward(memorizer.net, U) - U).cwiseAbs().maxCoeff();
                      const double fixed = (forward(memorizer.net, X) - X).cwiseAbs().maxCoeff();
                      ClaimResult r;
                      r.comparison.theory = eps;
                      r.comparison.measured = error;
                      r.comparison.tolerance = "max error ≤ ε, max ρ(J(x_i)) < 1, f(x_i) = x_i";
                      r.comparison.agrees = error <= eps + 1e-12 && radius < 1 && fixed < 1e-12;
                      r.detail = fmt::format("d = {}, n = {}, ε = {:g}: largest |f(z) − z| over 20,000 uniform z is {:.6f}; "
                                             "largest spectral radius at the x_i {:.4f}; hidden units (2n+1)d = {} "
                                             "(MEM states (n+1)d, which cannot hold 2n breakpoints per coordinate).",
                                             d, n, eps, error, radius, memorizer.net.widths[1]);
                      return r;
                    }});
}

}  // namespace memo::verify
