// verify claims from MEM (Radhakrishnan, Yang, Belkin, Uhler 2019).
#pragma once
#include <fmt/format.h>

#include "apps/verify_claim.hpp"
#include "lib/spectra.hpp"
#include "lib/train.hpp"

namespace memo::verify {

namespace mem_detail {

// A single linear layer (no bias) trained by GD on X with loss (1/2n)Σ‖Ax_i − x_i‖² until the
// loss stops changing; returns the trained matrix.
inline Mat train_linear_autoencoder(const Mat& X, const Mat& A0) {
  Rng rng(0);
  Mlp net = make_mlp({static_cast<int>(X.rows()), static_cast<int>(X.rows())}, parse_activation("identity"),
                     Parametrization::standard, false, rng);
  net.layers[0].weight.value = A0;
  // lr below 2n/λmax(S) keeps GD stable (SPEC §2: 0 < γ < 2/λmax(S), γ = lr/n).
  const double lambda_max = (X * X.transpose()).selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff();
  Optimizer sgd(Sgd{.lr = static_cast<double>(X.cols()) / lambda_max}, parameters(net));
  train(net, X, X, LossKind::half_sum_over_n, sgd, {.tol = 1e-30, .max_epochs = 20000, .quiet = true, .keep_history = false});
  return net.layers[0].weight.value;
}

inline int numerical_rank(const Mat& A, double tol = 1e-6) {
  const Vec s = singular_values(A);
  return static_cast<int>((s.array() > tol * s(0)).count());
}

}  // namespace mem_detail

inline void add_mem_claims(std::vector<Claim>& claims) {
  claims.push_back({"mem-minnorm", "MEM §2, App. A", "§2",
                    "linear AE by GD from 0 → projector X X⁺ (rank n)", "rank n", "",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed);
                      const int d = 30, n = 5;
                      const Mat X = random_normal(d, n, rng);
                      const Mat A = mem_detail::train_linear_autoencoder(X, Mat::Zero(d, d));
                      const Mat projector = X * X.completeOrthogonalDecomposition().pseudoInverse();
                      const double deviation = (A - projector).cwiseAbs().maxCoeff();
                      const int rank = mem_detail::numerical_rank(A);
                      ClaimResult r;
                      r.theory = n;
                      r.measured = rank;
                      r.tolerance = "rank equal, max|A − XX⁺| < 1e-8";
                      r.agrees = rank == n && deviation < 1e-8;
                      r.detail = fmt::format("d = {}, n = {} Gaussian examples; trained A differs from X X⁺ by {:.1e} "
                                             "(max entry).", d, n, deviation);
                      return r;
                    }});
  claims.push_back({"mem-noisy-init", "MEM App. I.2", "§2",
                    "from A(0) ≠ 0 the limit is P + A(0)(I − P)", "A(0)(I−P) kept", "",
                    [](const ClaimContext& ctx) {
                      Rng rng(ctx.seed + 1);
                      const int d = 30, n = 5;
                      const Mat X = random_normal(d, n, rng);
                      const Mat A0 = random_normal(d, d, rng) * 0.1;
                      const Mat A = mem_detail::train_linear_autoencoder(X, A0);
                      const Mat P = X * X.completeOrthogonalDecomposition().pseudoInverse();
                      const Mat I = Mat::Identity(d, d);
                      ClaimResult r;
                      r.theory = (A0 * (I - P)).norm();
                      r.measured = (A - P).norm();
                      const double deviation = (A - (P + A0 * (I - P))).norm();
                      r.tolerance = "‖A − (P + A(0)(I−P))‖_F < 1e-8";
                      r.agrees = deviation < 1e-8;
                      r.detail = fmt::format("‖A(∞) − P‖_F = {:.6f} equals ‖A(0)(I − P)‖_F = {:.6f} (gap {:.1e}): "
                                             "the part of the initialisation orthogonal to the data is never removed.",
                                             r.measured, *r.theory, deviation);
                      return r;
                    }});
}

}  // namespace memo::verify
