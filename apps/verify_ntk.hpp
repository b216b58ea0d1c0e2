// verify claims from NTK (Jiang, Pehlevan 2020): eq. 6 against the quadrature and the
// empirical NTK of a finite network, ‖J0‖ ≈ ½ at x = 0, Lemma 4's (n − 1)/n0 unit eigenvalues
// (Fig. E.1), the kernel prediction of ρ(J∞) against training, and the large-radius ½ (Fig. 3).
// Every network here is the 2-layer autoencoder n0 → width → n0 of NTK §3: ntk parametrisation,
// W ~ N(0, 1), no bias, GD with learning rate 1 on (1/2n)Σ‖f(x_i) − x_i‖² until the loss is below
// 1e-7 (NTK §5.1). Independent trainings run side by side through parallel_runs (one thread
// each: these products are too small to share, see tests/test_ntk_prediction.cpp).
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "apps/verify_claim.hpp"
#include "datasets/synthetic.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/io/npy.hpp"
#include "lib/compute/parallel.hpp"
#include "lib/cli/report.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/initial_jacobian.hpp"
#include "theory/kernel_regression.hpp"
#include "theory/ntk_regimes.hpp"

namespace memo::verify {

namespace ntk_detail {

inline Mlp autoencoder(int n0, int width, const std::string& activation, std::uint64_t seed) {
  Rng rng(seed);
  return make_mlp({n0, width, n0}, parse_activation(activation), Parametrization::ntk, false, rng);
}

// NTK §5.1's training; a run that does not reach the loss is an error (the claim then disagrees).
inline TrainResult train_to_paper_loss(Mlp& net, const Mat& X, long max_epochs) {
  Optimizer gd(Sgd{.lr = 1}, parameters(net));
  const TrainResult result = train(net, X, X, LossKind::half_sum_over_n, gd,
                                   {.tol = 1e-7, .max_epochs = max_epochs, .quiet = true, .keep_history = false});
  if (!result.converged())
    throw Error(fmt::format("width-{} network on {} points did not reach loss 1e-7: {}", net.widths[1], X.cols(),
                            result.describe()));
  return result;
}

// Threads for parallel_runs: the count verify --threads set.
inline int run_threads() { return Eigen::nbThreads(); }

// The pair of NTK §4.4's eq. 6: fixed (they set the paper's value), drawn once from seed 6.
struct KernelPair {
  Vec xhat, x;
};
inline KernelPair eq6_pair() {
  Rng rng(6);
  const int n0 = 8;
  // radii √n0 and 2√n0: pre-activation standard deviations 1 and 2
  return {sphere_points(n0, 1, std::sqrt(8.0), rng).col(0), sphere_points(n0, 1, 2 * std::sqrt(8.0), rng).col(0)};
}


struct EmpiricalKernel {
  double value = 0;           // Θ̂(a, b) from tape gradients
  double standard_error = 0;  // of the mean over hidden units
  double unit_mean = 0;       // the same mean from the per-unit formula (a second algorithm)
};

// Θ̂(a, b) = (1/n0) Σ_d ⟨∂f_d(a)/∂θ, ∂f_d(b)/∂θ⟩ (its width → ∞ limit is Θ² I). For the
// 2-layer ntk network it is a mean over the m hidden units of
//   c_j = σ(u_j(a)) σ(u_j(b)) + w̄_j σ'(u_j(a)) σ'(u_j(b)) a·b/n0,   u = W0 x/√n0,  w̄_j = (1/n0) Σ_d W1_dj²,
// so by the central limit theorem its sampling error is sd(c_j)/√m.
inline EmpiricalKernel empirical_ntk(Mlp& net, const Vec& a, const Vec& b) {
  const int n0 = net.input_dim(), m = net.widths[1];
  double tape_value = 0;
  for (int d = 0; d < n0; ++d) tape_value += parameter_gradient(net, a, d).dot(parameter_gradient(net, b, d)) / n0;
  const Mat& W0 = net.layers[0].weight.value;  // (m, n0)
  const Mat& W1 = net.layers[1].weight.value;  // (n0, m)
  const Vec ua = W0 * a / std::sqrt(double(n0)), ub = W0 * b / std::sqrt(double(n0));
  const Vec w1_mean_square = W1.colwise().squaredNorm().transpose() / n0;
  const Mat sa = activate(net.activation, Mat(ua), 0), sb = activate(net.activation, Mat(ub), 0);
  const Mat da = activate(net.activation, Mat(ua), 1), db = activate(net.activation, Mat(ub), 1);
  const Eigen::ArrayXd c = sa.col(0).array() * sb.col(0).array() +
                           w1_mean_square.array() * da.col(0).array() * db.col(0).array() * (a.dot(b) / n0);
  const double mean = c.mean();
  const double sd = std::sqrt((c - mean).square().sum() / (m - 1));
  return {.value = tape_value, .standard_error = sd / std::sqrt(double(m)), .unit_mean = mean};
}


struct TrainedAndPredicted {
  std::vector<double> predicted;  // ρ(J∞) from the kernel and this network's f0, J0, per training point
  std::vector<double> trained;    // ρ(J) of the trained network, per training point
  std::vector<double> initial;    // ρ(J0)
  std::vector<double> trained_norm, initial_norm;  // ‖J‖_op trained and at initialisation
  long epochs = 0;
  double mean_gap() const {
    double s = 0;
    for (size_t i = 0; i < trained.size(); ++i) s += std::abs(trained[i] - predicted[i]);
    return s / trained.size();
  }
};

// The kernel-regression prediction (NTK eq. 2–3) from the network at initialisation, then GD.
inline TrainedAndPredicted train_and_predict(const Mat& X, int width, std::uint64_t seed, int nodes, long max_epochs) {
  const int n0 = static_cast<int>(X.rows());
  Mlp net = autoencoder(n0, width, "sigmoid", seed);
  const ntk::KernelRegression fit = ntk::fit_kernel_regression(ntk::make_kernel(net.activation, 2, nodes), X, forward(net, X));
  TrainedAndPredicted out;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const Mat J0 = jacobian(net, X.col(i));
    out.predicted.push_back(spectral_radius(ntk::predicted_jacobian(fit, X.col(i), J0)));
    out.initial.push_back(spectral_radius(J0));
    out.initial_norm.push_back(operator_norm(J0));
  }
  out.epochs = train_to_paper_loss(net, X, max_epochs).epochs;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const Mat J = jacobian(net, X.col(i));
    out.trained.push_back(spectral_radius(J));
    out.trained_norm.push_back(operator_norm(J));
  }
  return out;
}

inline double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / v.size();
}

// The finite-width rule shared by ntk-predict and ntk-large-radius. The trained network differs
// from its linearisation by O(1/√m) (Lee et al. 2019), so √m·gap stays constant when the width m
// grows; if training did not follow the kernel the gap would stay put and √m·gap would grow like
// √(m_wide/m_narrow) = 4 for a 16× wider network. Agreement: √m·gap at the wide width at most 2×
// (the geometric middle of 1 and 4) its value at the narrow width.
inline bool follows_ntk_rate(double narrow_gap, int narrow, double wide_gap, int wide) {
  return wide_gap * std::sqrt(double(wide)) <= 2 * narrow_gap * std::sqrt(double(narrow));
}

}  // namespace ntk_detail

inline void add_ntk_claims(std::vector<Claim>& claims) {
  using namespace ntk_detail;
  const KernelPair pair = eq6_pair();
  const ntk::KernelValue eq6 = ntk::sigmoid_erf_two_layer_closed_form(pair.xhat, pair.x);

  claims.push_back(
      {"ntk-eq6", "NTK eq. 6", "2-layer NTK closed form = quadrature = empirical NTK (sigmoid_erf)",
       fmt::format("{:.6g}", eq6.ntk),
       "build/bin/dataset sphere --dim 8 --n 1 --radius 2.828 --seed 1 --out out/ntk-x.npy && "
       "build/bin/dataset sphere --dim 8 --n 1 --radius 5.657 --seed 2 --out out/ntk-y.npy && "
       "build/bin/theory ntk --act sigmoid_erf --layers 2 --x out/ntk-x.npy --y out/ntk-y.npy",
       [pair](const ClaimContext& ctx) {
         const int width = 4096;
         const ntk::Kernel kernel = ntk::make_kernel(parse_activation("sigmoid_erf"), 2);
         Mlp net = autoencoder(8, width, "sigmoid_erf", run_seed(ctx.seed, 1));
         const std::vector<std::pair<Vec, Vec>> entries = {{pair.xhat, pair.xhat}, {pair.xhat, pair.x}, {pair.x, pair.x}};
         double closed_vs_quadrature = 0, worst_z = 0, tape_vs_units = 0;
         std::string rows;
         ClaimResult r;
         for (size_t e = 0; e < entries.size(); ++e) {
           const auto& [a, b] = entries[e];
           const double closed = ntk::sigmoid_erf_two_layer_closed_form(a, b).ntk;
           const double quadrature = ntk::kernel_value(kernel, a, b).ntk;
           const EmpiricalKernel empirical = empirical_ntk(net, a, b);
           closed_vs_quadrature = std::max(closed_vs_quadrature, std::abs(closed - quadrature));
           worst_z = std::max(worst_z, std::abs(empirical.value - closed) / empirical.standard_error);
           tape_vs_units = std::max(tape_vs_units, std::abs(empirical.value - empirical.unit_mean) / closed);
           rows += fmt::format("{}Θ(‖{:.3g}‖, ‖{:.3g}‖) eq. 6 {:.6f}, empirical {:.6f} ± {:.4f}", rows.empty() ? "" : "; ",
                               a.norm(), b.norm(), closed, empirical.value, empirical.standard_error);
           if (e == 1) {  // the table shows the off-diagonal entry
             r.comparison.theory = quadrature;
             r.comparison.measured = empirical.value;
           }
         }
         r.comparison.tolerance = "|eq. 6 − quadrature| < 1e-10; |empirical − eq. 6| < 4 standard errors (CLT over hidden units)";
         r.comparison.agrees = closed_vs_quadrature < 1e-10 && worst_z < 4 && tape_vs_units < 1e-10;
         r.detail = fmt::format("n0 = 8, width {}; the off-diagonal entry is the one in the table. {}. Max |eq. 6 − "
                                "quadrature| = {:.1e}; worst |empirical − eq. 6| = {:.2f} standard errors; the tape "
                                "gradients equal the per-unit formula to {:.1e}.",
                                width, rows, closed_vs_quadrature, worst_z, tape_vs_units);
         return r;
       }});

  claims.push_back(
      {"ntk-j0", "NTK §4.1", "wide 2-layer sigmoid net: ‖J0(0)‖_op ≈ ½ (n0 = 64)", "≈ ½",
       // one network; a point of norm 1e-6 stands for x = 0 (the ‖J0‖ column)
       "build/bin/dataset sphere --dim 64 --n 2 --radius 1 --out out/ntk-X.npy && build/bin/dataset sphere --dim 64 "
       "--n 1 --radius 1e-6 --out out/ntk-origin.npy && build/bin/train --data out/ntk-X.npy --widths 64,4096,64 "
       "--param ntk --act sigmoid --max-epochs 0 --save-init out/ntk-init.npz && build/bin/theory ntk-predict "
       "--weights out/ntk-init.npz --widths 64,4096,64 --data out/ntk-X.npy --points out/ntk-origin.npy",
       [](const ClaimContext& ctx) {
         const int n0 = 64, width = 4096, networks = 16;
         std::vector<double> norms(networks), radii(networks);
         parallel_runs(networks, run_threads(), [&](int k) {
           const Mlp net = autoencoder(n0, width, "sigmoid", run_seed(ctx.seed, 100 + k));
           const Mat J0 = jacobian(net, Vec::Zero(n0));  // = ¼ W1 W0/√(n0 n1)
           norms[k] = operator_norm(J0);
           radii[k] = spectral_radius(J0);
         });
         const ntk::InitialJacobianPrediction theory =
             ntk::predict_initial_jacobian(ntk::make_kernel(parse_activation("sigmoid"), 2), Vec::Zero(n0));
         // J0(0) ≈ ¼ G/√n0 with G an n0 × n0 standard Gaussian matrix, and ½ is the n0 → ∞ edge.
         // At n0 = 64 the largest singular value sits below the edge: Johnstone (2001) centring and
         // Tracy–Widom TW1 (mean −1.2065, sd 1.2680) give
         //   s_max(G)/√n0 ≈ 2√(1 − 1/(2n0)) + 2^{−2/3} n0^{−2/3} TW1.
         const double scale = 0.25 * std::pow(2.0, -2.0 / 3) * std::pow(double(n0), -2.0 / 3);
         const double finite_n0_mean = 0.25 * 2 * std::sqrt(1 - 0.5 / n0) + scale * -1.2065;
         const double standard_error = scale * 1.2680 / std::sqrt(double(networks));
         ClaimResult r;
         r.comparison.theory = theory.operator_norm;
         r.comparison.measured = mean(norms);
         r.comparison.tolerance = fmt::format("|mean − {:.4f}| < 4 standard errors = {:.4f} (Tracy–Widom at n0 = 64)",
                                   finite_n0_mean, 4 * standard_error);
         r.comparison.agrees = std::abs(r.comparison.measured - finite_n0_mean) < 4 * standard_error;
         r.detail = fmt::format("{} networks 64 → {} → 64 at x = 0: mean ‖J0‖_op = {:.4f} (limit ½, finite-n0 "
                                "expectation {:.4f}), mean ρ(J0) = {:.4f} (limit {:.4g}).",
                                networks, width, r.comparison.measured, finite_n0_mean, mean(radii), theory.spectral_radius);
         return r;
       }});

  claims.push_back(
      {"ntk-lemma4", "NTK Lemma 4, Fig. E.1", "trained J has (n−1) eigenvalues ≈ 1 in the linear region (r = 1)",
       "10%, 40%, 70%",
       "build/bin/dataset sphere --dim 10 --n 8 --radius 1 --out out/ntk-X.npy && build/bin/train --data out/ntk-X.npy "
       "--widths 10,1000,10 --param ntk --act sigmoid --lr 1 --loss half_sum_over_n --tol 1e-7 --max-epochs 1000000 "
       "--save out/ntk-trained.npz && build/bin/theory ntk-predict --weights out/ntk-trained.npz --widths 10,1000,10 "
       "--data out/ntk-X.npy",
       [](const ClaimContext& ctx) {
         const int n0 = 10, width = 1000;
         const double radius = 1;
         const std::vector<int> sizes = {2, 5, 8};
         // Counted as "near 1": |λ| > ¾, halfway between 1 and the ≈ ½ that the directions training
         // leaves alone keep (‖J0‖ ≈ ½, §4.1). The sigmoid's curvature moves the unit eigenvalues by
         // about E[z²]/4 = r²/(4 n0) = 2.5% (σ'(z)/σ'(0) = 1 − z²/4 + …), far less than ¼.
         const double threshold = 0.75;
         struct Run {
           std::vector<int> counts;
           std::vector<double> moduli;  // every |λ| at every training point, for the figure
           double worst_unit = 0, largest_other = 0;
           long epochs = 0;
           bool condition = false;
         };
         std::vector<Run> runs(sizes.size());
         parallel_runs(static_cast<int>(sizes.size()), run_threads(), [&](int k) {
           const int n = sizes[k];
           Rng data_rng(run_seed(ctx.seed, 200 + n));
           const Mat X = sphere_points(n0, n, radius, data_rng);
           Mlp net = autoencoder(n0, width, "sigmoid", run_seed(ctx.seed, 300 + n));
           // Lemma 4's sufficient condition for this network (α = ¼, β = ½: the sigmoid's linear part)
           const double J0_norm = operator_norm(jacobian(net, X.col(0)));
           const double w1_row_sum = (net.layers[1].weight.value.rowwise().sum() / std::sqrt(double(width))).norm();
           runs[k].condition = ntk::lemma4_condition(0.25, 0.5, J0_norm, w1_row_sum, radius, n0);
           runs[k].epochs = train_to_paper_loss(net, X, 1000000).epochs;
           for (Eigen::Index i = 0; i < n; ++i) {
             const ComplexVec lambda = eigenvalues(jacobian(net, X.col(i)));
             int count = 0;
             for (Eigen::Index j = 0; j < lambda.size(); ++j) {
               const double modulus = std::abs(lambda(j));
               runs[k].moduli.push_back(modulus);
               if (modulus > threshold) ++count, runs[k].worst_unit = std::max(runs[k].worst_unit, std::abs(modulus - 1));
               else runs[k].largest_other = std::max(runs[k].largest_other, modulus);
             }
             runs[k].counts.push_back(count);
           }
         });
         ClaimResult r;
         r.comparison.agrees = true;
         std::string rows;
         for (size_t k = 0; k < sizes.size(); ++k) {
           const int n = sizes[k], expected = ntk::unit_eigenvalue_multiplicity(0.5, n);
           double fraction = 0;
           for (const int count : runs[k].counts) {
             fraction += double(count) / n0 / n;
             r.comparison.agrees = r.comparison.agrees && count == expected;
           }
           r.comparison.agrees = r.comparison.agrees && runs[k].condition;
           rows += fmt::format("{}n = {}: {:.0f}% near 1 (theory {:.0f}%), unit eigenvalues within {:.3f} of 1, the "
                               "others ≤ {:.3f}, {} steps",
                               k ? "; " : "", n, 100 * fraction, 100 * ntk::unit_eigenvalue_fraction(0.5, n, n0),
                               runs[k].worst_unit, runs[k].largest_other, runs[k].epochs);
           if (k + 1 == sizes.size()) {
             r.comparison.theory = ntk::unit_eigenvalue_fraction(0.5, n, n0);
             r.comparison.measured = fraction;
           }
         }
         r.comparison.tolerance = "count of |λ| > ¾ equal to n − 1 at every training point, every n";
         // Fig. E.1: the share of eigenvalue moduli per bin of width 0.05, one histogram per n.
         std::string data, plot = fmt::format(
             "set terminal pngcairo size 800,500\nset output '{}/figures/ntk-lemma4.png'\nset style fill "
             "transparent solid 0.4\nset boxwidth 0.05\nset xrange [0:1.15]\nset xlabel '|λ| of the trained "
             "Jacobian at the training points'\nset ylabel 'fraction'\nset title 'NTK Fig. E.1: n0 = 10, r = 1, "
             "width 1000: (n − 1)/n0 of the moduli sit at 1'\nplot ",
             ctx.out_dir);
         for (size_t k = 0; k < sizes.size(); ++k) {
           std::vector<double> share(24, 0.0);
           for (const double modulus : runs[k].moduli)
             share[std::min<size_t>(23, static_cast<size_t>(modulus / 0.05 + 0.5))] += 1.0 / runs[k].moduli.size();
           for (size_t b = 0; b < share.size(); ++b) data += fmt::format("{:.3f} {:.6f}\n", 0.05 * b, share[b]);
           data += "\n\n";
           plot += fmt::format("{}'{}/figures/ntk-lemma4.dat' index {} using 1:2 with boxes title 'n = {}'", k ? ", " : "",
                               ctx.out_dir, k, sizes[k]);
         }
         write_file(ctx.out_dir + "/figures/ntk-lemma4.dat", data);
         if (run_gnuplot(plot + "\n")) r.figures.push_back("figures/ntk-lemma4.png");
         r.detail = fmt::format("n0 = {}, width {}, r = {} (< 2√n0 = {:.2f}; Lemma 4's condition holds for every "
                                "network: {}); the table shows n = 8. {}.",
                                n0, width, radius, ntk::linear_region_radius(n0),
                                std::all_of(runs.begin(), runs.end(), [](const Run& run) { return run.condition; }) ? "yes" : "no",
                                rows);
         return r;
       }});

  claims.push_back(
      {"ntk-predict", "NTK eq. 2–3", "kernel regression predicts ρ(J∞) of the trained network (r = 8)", "J∞ of eq. 3",
       "build/bin/dataset sphere --dim 16 --n 5 --radius 8 --out out/ntk-X.npy && build/bin/train --data out/ntk-X.npy "
       "--widths 16,16000,16 --param ntk --act sigmoid --lr 1 --loss half_sum_over_n --tol 1e-7 --max-epochs 100000 "
       "--save-init out/ntk-init.npz --save out/ntk-trained.npz && build/bin/theory ntk-predict --weights "
       "out/ntk-init.npz --widths 16,16000,16 --data out/ntk-X.npy && build/bin/theory ntk-predict --weights "
       "out/ntk-trained.npz --widths 16,16000,16 --data out/ntk-X.npy  # trained ρ: the ρ(J0) column",
       [](const ClaimContext& ctx) {
         const int n0 = 16, n = 5, narrow = 1000, wide = 16000, seeds = 3;
         const double radius = 8;  // 2√n0: the edge of the linear region, ρ(J∞) ≈ 0.9
         std::vector<TrainedAndPredicted> runs(2 * seeds);
         parallel_runs(2 * seeds, run_threads(), [&](int k) {
           Rng data_rng(run_seed(ctx.seed, 400 + k / 2));
           const Mat X = sphere_points(n0, n, radius, data_rng);
           runs[k] = train_and_predict(X, k % 2 ? wide : narrow, run_seed(ctx.seed, 500 + k), ntk::kDefaultNodes, 100000);
         });
         TrainedAndPredicted narrow_runs, wide_runs;
         for (int k = 0; k < 2 * seeds; ++k) {
           TrainedAndPredicted& into = k % 2 ? wide_runs : narrow_runs;
           into.predicted.insert(into.predicted.end(), runs[k].predicted.begin(), runs[k].predicted.end());
           into.trained.insert(into.trained.end(), runs[k].trained.begin(), runs[k].trained.end());
           into.initial.insert(into.initial.end(), runs[k].initial.begin(), runs[k].initial.end());
         }
         ClaimResult r;
         r.comparison.theory = mean(wide_runs.predicted);
         r.comparison.measured = mean(wide_runs.trained);
         r.comparison.tolerance = "mean |Δρ|·√width at width 16000 ≤ 2× its value at 1000 (NTK O(1/√m) rate)";
         r.comparison.agrees = follows_ntk_rate(narrow_runs.mean_gap(), narrow, wide_runs.mean_gap(), wide);
         r.detail = fmt::format("n0 = {}, {} points of norm {}, {} data sets; mean ρ over points: width {}: predicted {:.4f}, "
                                "trained {:.4f}, mean |Δρ| {:.4f} (√m·|Δρ| = {:.2f}); width {}: predicted {:.4f}, trained "
                                "{:.4f}, mean |Δρ| {:.4f} (√m·|Δρ| = {:.2f}). Training moved ρ from {:.3f} (ρ(J0), wide); "
                                "the kernel predicts that change.",
                                n0, n, radius, seeds, narrow, mean(narrow_runs.predicted), mean(narrow_runs.trained),
                                narrow_runs.mean_gap(), narrow_runs.mean_gap() * std::sqrt(double(narrow)), wide,
                                *r.comparison.theory, r.comparison.measured, wide_runs.mean_gap(), wide_runs.mean_gap() * std::sqrt(double(wide)),
                                mean(wide_runs.initial));
         return r;
       }});
  claims.push_back(
      {"ntk-large-radius", "NTK §4.4, Fig. 3", "large r: ‖J∞‖ ≤ ½ + ‖J0‖ → ½; trained ρ follows the kernel (r = 32)",
       "→ ½",
       "build/bin/dataset sphere --dim 32 --n 5 --radius 32 --out out/ntk-X.npy && build/bin/train --data "
       "out/ntk-X.npy --widths 32,32000,32 --param ntk --act sigmoid --lr 1 --loss half_sum_over_n --tol 1e-7 "
       "--max-epochs 100000 --save-init out/ntk-init.npz --save out/ntk-trained.npz && build/bin/theory ntk-predict "
       "--weights out/ntk-init.npz --widths 32,32000,32 --data out/ntk-X.npy && build/bin/theory "
       "ntk-predict --weights out/ntk-trained.npz --widths 32,32000,32 --data out/ntk-X.npy  # trained ρ: the ρ(J0) column",
       [](const ClaimContext& ctx) {
         const int n0 = 32, n = 5, narrow = 2000, wide = 32000;
         const double radius = 32;  // 4× the linear-region edge 2√n0 (Lemma 4)
         Rng data_rng(run_seed(ctx.seed, 600));
         const Mat X = sphere_points(n0, n, radius, data_rng);
         std::vector<TrainedAndPredicted> runs(2);
         parallel_runs(2, run_threads(), [&](int k) {
           runs[k] = train_and_predict(X, k ? wide : narrow, run_seed(ctx.seed, 700 + k), ntk::kDefaultNodes, 100000);
         });
         // Eq. 5's kernel term X K̃⁻¹ ∂k_x/∂x alone (f0 = 0, J0 = 0), whose norm §4.4 shows tends to ½,
         // at r and 2r: the approach is slow, K̃_ii = r/(4π√n0) + O(1).
         const Activation sigmoid = parse_activation("sigmoid");
         std::vector<double> kernel_term;
         for (const double scale : {1.0, 2.0}) {
           const Mat Xs = scale * X;
           const ntk::KernelRegression fit =
               ntk::fit_kernel_regression(ntk::make_kernel(sigmoid, 2), Xs, Mat::Zero(n0, n));
           kernel_term.push_back(spectral_radius(ntk::predicted_jacobian(fit, Xs.col(0), Mat::Zero(n0, n0))));
         }
         const double J0_theory =
             ntk::predict_initial_jacobian(ntk::make_kernel(sigmoid, 2), X.col(0)).operator_norm;
         // The bound of §4.4 for every trained point, with that network's own ‖J0(x_i)‖.
         bool bounded = true;
         double slack = 1e300;
         for (const TrainedAndPredicted& run : runs)
           for (size_t i = 0; i < run.trained.size(); ++i) {
             const double bound = ntk::large_radius_jacobian_bound(run.initial_norm[i]);
             bounded = bounded && run.trained_norm[i] <= bound;
             slack = std::min(slack, bound - run.trained_norm[i]);
           }
         ClaimResult r;
         r.comparison.theory = ntk::large_radius_jacobian_bound(J0_theory);
         r.comparison.measured = mean(runs[1].trained);
         r.comparison.tolerance = "trained ‖J‖_op ≤ ½ + ‖J0‖ at every point; |ρ − kernel ρ(J∞)|·√width at 32000 ≤ 2× its value at 2000";
         r.comparison.agrees = bounded && follows_ntk_rate(runs[0].mean_gap(), narrow, runs[1].mean_gap(), wide);
         r.detail = fmt::format(
             "n0 = {}, {} points of norm {}; theory = ½ + predicted ‖J0‖ ({:.4f}). Mean ρ over points: width {}: trained "
             "{:.4f} vs kernel {:.4f}; width {}: trained {:.4f} vs kernel {:.4f} (√m·|Δρ| {:.1f} → {:.1f}): narrow "
             "networks leave the NTK regime and saturate (§4.5), wide ones approach the kernel value. Smallest margin "
             "under ½ + ‖J0‖: {:.3f}. The kernel term alone (eq. 5) has ρ = {:.3f} at r = {} and {:.3f} at r = {}: "
             "it tends to ½ only slowly, since K̃_ii = r/(4π√n0) + O(1).",
             n0, n, radius, J0_theory, narrow, mean(runs[0].trained), mean(runs[0].predicted), wide, r.comparison.measured,
             mean(runs[1].predicted), runs[0].mean_gap() * std::sqrt(double(narrow)),
             runs[1].mean_gap() * std::sqrt(double(wide)), slack, kernel_term[0], radius, kernel_term[1], 2 * radius);
         return r;
       }});
}

}  // namespace memo::verify
