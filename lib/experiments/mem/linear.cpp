#include "lib/experiments/mem/linear.hpp"

#include <fmt/format.h>

#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/min_norm.hpp"

namespace memo::mem {

namespace {

// GD on (1/2n)Σ‖Ax_i − x_i‖² from A0; lr below 2n/λmax(S) keeps it stable (MEM §2: γ = lr/n).
Mat train_linear_autoencoder(const Mat& X, const Mat& A0, long max_epochs) {
  Rng unused(0);
  Mlp net = make_mlp({static_cast<int>(X.rows()), static_cast<int>(X.rows())}, parse_activation("identity"),
                     Parametrization::standard, false, unused);
  net.layers[0].weight.value = A0;
  const double lambda_max = (X * X.transpose()).selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff();
  Optimizer sgd(Sgd{.lr = static_cast<double>(X.cols()) / lambda_max}, parameters(net));
  train(net, X, X, LossKind::half_sum_over_n, sgd, {.tol = 1e-30, .max_epochs = max_epochs, .quiet = true, .keep_history = false});
  return net.layers[0].weight.value;
}

std::vector<double> values(const Vec& v) { return {v.data(), v.data() + v.size()}; }

}  // namespace

std::vector<std::pair<std::string, LinearSettings>> linear_presets() {
  LinearSettings quick;
  return {{"quick", quick}, {"paper", quick}};
}

ExperimentResult run_linear(const LinearSettings& s, const ExperimentContext& context) {
  if (s.examples >= s.dim)
    throw Error(fmt::format("--examples {}: expected fewer than --dim {} (MEM §2 takes n < d)", s.examples, s.dim));
  const int d = s.dim, n = s.examples;
  ExperimentResult out;

  // From zero: the projector.
  Rng rng(context.seed);
  const Mat X = random_normal(d, n, rng);
  const Mat A = train_linear_autoencoder(X, Mat::Zero(d, d), s.max_epochs);
  const Mat P = min_norm::projector(X);
  const double deviation = (A - P).cwiseAbs().maxCoeff();
  const Vec trained = singular_values(A), projector = singular_values(P);
  const int rank = min_norm::numerical_rank(trained, 1e-6);
  out.comparisons.push_back({"from 0: rank of A", "rank n", static_cast<double>(n), static_cast<double>(rank),
                             "rank equal, max|A − XX⁺| < 1e-8", rank == n && deviation < 1e-8});

  // From A(0) ≠ 0: the limit keeps A(0)(I − P).
  Rng noisy_rng(context.seed + 1);
  const Mat Xn = random_normal(d, n, noisy_rng);
  const Mat A0 = random_normal(d, d, noisy_rng) * s.init_std;
  const Mat An = train_linear_autoencoder(Xn, A0, s.max_epochs);
  const Mat Pn = min_norm::projector(Xn);
  const Mat limit = min_norm::limit(Xn, A0);
  const double kept = (A0 * (Mat::Identity(d, d) - Pn)).norm();
  const double noisy_deviation = (An - limit).norm();
  out.comparisons.push_back({"from A(0): ‖A − P‖_F", "A(0)(I−P) kept", kept, (An - Pn).norm(),
                             "‖A − (P + A(0)(I−P))‖_F < 1e-8", noisy_deviation < 1e-8});

  const Vec noisy = singular_values(An);
  out.measured = {{"zero_init_max_deviation", deviation},
                  {"zero_init_rank", rank},
                  {"zero_init_singular_values", values(trained)},
                  {"projector_singular_values", values(projector)},
                  {"noisy_init_deviation", noisy_deviation},
                  {"noisy_init_max_entry_deviation", (An - limit).cwiseAbs().maxCoeff()},
                  {"noisy_init_rank", min_norm::numerical_rank(noisy, 1e-10)},
                  {"noisy_init_singular_values", values(noisy)},
                  {"noisy_limit_singular_values", values(singular_values(limit))},
                  {"weyl_upper_bound", values(min_norm::weyl_upper_bound(Xn, A0))}};
  out.rows = CsvTable({"index", "from_zero", "projector", "from_noisy_init"});
  std::string data;
  for (int i = 0; i < d; ++i) {
    out.rows.add_row({static_cast<long>(i + 1), trained(i), projector(i), noisy(i)});
    data += fmt::format("{} {:.17g} {:.17g}\n", i + 1, trained(i), projector(i));
  }
  out.files.emplace_back("singular_values.dat", data);
  out.figures.push_back({"singular_values.png",
                         "set title 'MEM §2: singular values of the trained linear autoencoder'\n"
                         "set xlabel 'index'; set ylabel 'singular value'; set yrange [-0.05:1.15]\n"
                         "plot '$OUT/singular_values.dat' using 1:2 with points pt 7 ps 1.5 title 'trained A (GD from 0)', "
                         "'$OUT/singular_values.dat' using 1:3 with points pt 6 ps 2.5 title 'projector X X⁺'"});
  out.notes.push_back("examples drawn from N(0, 1); the second part draws its data and A(0) from seed + 1");
  return out;
}

}  // namespace memo::mem
