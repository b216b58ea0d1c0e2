#include "lib/experiments/am/sequence_theorem4.hpp"

#include <fmt/format.h>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/am/rank_one_fit.hpp"
#include "theory/rank_one.hpp"
#include "theory/rank_one_networks.hpp"

namespace memo::am {

std::vector<std::pair<std::string, SequenceTheorem4Settings>> sequence_theorem4_presets() {
  SequenceTheorem4Settings quick;  // the paper's setting: GD lr 1e-4 on one pair per map
  SequenceTheorem4Settings paper = quick;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_sequence_theorem4(const SequenceTheorem4Settings& s, const ExperimentContext& context) {
  Rng rng(context.seed);
  const Vec x1 = random_unit_vector(s.dim, rng), x2 = random_unit_vector(s.dim, rng);
  const Activation sigmoid = parse_activation("sigmoid"), exp2 = parse_activation("exp2");
  const auto t1 = rank_one::solve(sigmoid, 2, 1, 1);
  const auto t2 = rank_one::solve(exp2, 1, 0, 0);
  Mlp f1 = rank_one::chain_network(x1, x2, sigmoid, {2}, {1, 1});
  Mlp f2 = rank_one::chain_network(x2, x1, exp2, {1}, {0, 0});
  const OneExampleFit gd{.lr = s.lr, .tol = s.tol, .max_epochs = s.max_epochs};
  const TrainResult fit1 = fit_one_example(f1, x1, x2, gd);
  const TrainResult fit2 = fit_one_example(f2, x2, x1, gd);
  const Vec y = forward(f1, Mat(x1)).col(0);
  const Mat J = jacobian(f2, y) * jacobian(f1, x1);  // J_{f2∘f1}(x1), chain rule
  const double predicted = rank_one::composition_lambda({t1.lambda, t2.lambda});  // closed: cosine 1

  ExperimentResult out;
  out.comparisons.push_back(compare_abs("ρ(J_f2 J_f1)", "∏ λ_i", predicted, spectral_radius(J), predicted, 1e-3));
  out.rows = CsvTable({"map", "activation", "k", "theory_lambda", "epochs", "final_loss"});
  out.rows.add_row({std::string("f1: x1 -> x2"), std::string("sigmoid"), 2L, t1.lambda, fit1.epochs, fit1.final_loss});
  out.rows.add_row({std::string("f2: x2 -> x1"), std::string("exp2"), 1L, t2.lambda, fit2.epochs, fit2.final_loss});
  out.measured = {{"lambda1", t1.lambda},
                  {"lambda2", t2.lambda},
                  {"composition_spectral_radius", spectral_radius(J)},
                  {"f1_epochs", fit1.epochs},
                  {"f2_epochs", fit2.epochs},
                  {"f1_final_loss", fit1.final_loss},
                  {"f2_final_loss", fit2.final_loss}};
  out.notes.push_back("x1, x2 are Gaussian unit vectors from --seed (AM gives no data for Thm 4)");
  return out;
}

}  // namespace memo::am
