#include "lib/experiments/am/theorem1.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sstream>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/am/rank_one_fit.hpp"
#include "theory/rank_one.hpp"
#include "theory/rank_one_networks.hpp"

namespace memo::am {

namespace {

struct Chain {
  std::string name, act;
  std::vector<int> widths;
  std::vector<double> init;
  unsigned long seed_offset;
  double relative_tol;
  std::string paper;       // as AM prints it (empty: no number)
  double paper_value = NAN;
  int digits = 0;          // decimals AM prints
};

const std::vector<Chain>& known_chains() {
  static const std::vector<Chain> chains{
      {"sigmoid-k2", "sigmoid", {2}, {1, 1}, 0, 1e-3, "0.263", 0.263, 3},
      {"exp2-k1", "exp2", {1}, {0, 0}, 1, 1e-3, ".6", 0.6, 1},
      {"exp2-k2", "exp2", {2}, {0, 0}, 2, 1e-3, ".28", 0.28, 2},
      {"exp2-k3", "exp2", {3}, {0, 0}, 3, 1e-3, ".16", 0.16, 2},
      {"power3-deep", "power:3", {2, 3, 2}, {1, 0.5, 0.3, 0.5}, 4, 1e-3, "m^(d−1) = 27"},
      {"power2-deep", "power:2", {3, 2}, {0.5, 0.5, 0.5}, 10, 1e-3, "m^(d−1) = 4"},
      {"sigmoid-deep", "sigmoid", {3, 4, 2}, {1, 0.5, 0.5, 0.5}, 5, 1e-2, "∏ e_φ(p_i)"},
  };
  return chains;
}

std::vector<Chain> selected_chains(const std::string& list) {
  std::vector<Chain> out;
  std::stringstream names(list);
  for (std::string name; std::getline(names, name, ',');) {
    const auto& known = known_chains();
    const auto it = std::find_if(known.begin(), known.end(), [&](const Chain& c) { return c.name == name; });
    if (it == known.end())
      throw Error(fmt::format("--chains '{}': expected sigmoid-k2, exp2-k1, exp2-k2, exp2-k3, power3-deep, "
                              "power2-deep or sigmoid-deep", name));
    out.push_back(*it);
  }
  if (out.empty()) throw Error("--chains: expected at least one chain");
  return out;
}

// Reads (b, w_2, …, a) back from a trained chain, and how far the layers are from the rank-one
// form (Invariants 1–2 of AM App. C: every entry of a layer moves by the same amount).
std::pair<std::vector<double>, double> chain_scalars(const Mlp& net, const Vec& x) {
  std::vector<double> params;
  double deviation = 0;
  const size_t L = net.layers.size();
  for (size_t i = 0; i < L; ++i) {
    const Mat& W = net.layers[i].weight.value;
    Mat expected;
    double scalar;
    if (i == 0) {
      scalar = W.row(0).dot(x);
      expected = Vec::Constant(W.rows(), scalar) * x.transpose();
    } else if (i + 1 == L) {
      scalar = W.col(0).dot(x);
      expected = x * Vec::Constant(W.cols(), scalar).transpose();
    } else {
      scalar = W(0, 0);
      expected = Mat::Constant(W.rows(), W.cols(), scalar);
    }
    deviation = std::max(deviation, (W - expected).cwiseAbs().maxCoeff());
    params.push_back(scalar);
  }
  return {params, deviation};
}

}  // namespace

std::vector<std::pair<std::string, Theorem1Settings>> theorem1_presets() {
  Theorem1Settings quick;  // already the paper's setting: one example, GD lr 1e-4 to the end
  Theorem1Settings paper = quick;
  paper.chains = "sigmoid-k2,exp2-k1,exp2-k2,exp2-k3,power3-deep,power2-deep,sigmoid-deep";
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_theorem1(const Theorem1Settings& s, const ExperimentContext& context) {
  ExperimentResult out;
  out.rows = CsvTable({"chain", "activation", "hidden_widths", "theory_lambda", "trained_lambda", "second_eigenvalue",
                       "rank_one_deviation", "epochs", "final_loss"});
  Json chains = Json::array();
  for (const Chain& c : selected_chains(s.chains)) {
    const Activation act = parse_activation(c.act);
    Rng rng(context.seed + c.seed_offset);
    const Vec x = random_unit_vector(s.dim, rng);
    const auto theory = rank_one::solve_chain(act, c.widths, c.init);
    Mlp net = rank_one::chain_network(x, x, act, c.widths, c.init);
    const TrainResult trained = fit_one_example(net, x, x, {.lr = s.lr, .tol = s.tol, .max_epochs = s.max_epochs});
    const ComplexVec eig = eigenvalues(jacobian(net, x));
    const auto [params, deviation] = chain_scalars(net, x);

    Comparison cmp;
    cmp.quantity = c.name + ": λ1";
    cmp.paper = c.paper;
    cmp.theory = theory.lambda;
    cmp.measured = std::abs(eig(0));
    const double tol = c.relative_tol * std::max(1.0, std::abs(theory.lambda));
    cmp.tolerance = fmt::format("|Δ| ≤ {:g}", tol);
    cmp.agrees = std::abs(cmp.measured - theory.lambda) <= tol;
    if (!std::isnan(c.paper_value)) {  // the theory must also round to the printed number
      const double rounding = 0.5 * std::pow(10.0, -c.digits);
      cmp.tolerance += fmt::format("; |theory − paper| ≤ {:g}", rounding);
      cmp.agrees = cmp.agrees && std::abs(theory.lambda - c.paper_value) <= rounding;
    }
    out.comparisons.push_back(cmp);

    const double second = eig.size() > 1 ? std::abs(eig(1)) : 0.0;
    out.rows.add_row({c.name, c.act, fmt::format("{}", fmt::join(c.widths, " ")), theory.lambda, cmp.measured, second,
                      deviation, trained.epochs, trained.final_loss});
    chains.push_back({{"chain", c.name},
                      {"activation", c.act},
                      {"hidden_widths", c.widths},
                      {"init", c.init},
                      {"theory_lambda", theory.lambda},
                      {"theory_params", theory.params},
                      {"trained_lambda", cmp.measured},
                      {"trained_params", params},
                      {"rank_one_deviation", deviation},
                      {"second_eigenvalue", second},
                      {"trained_elasticity_product", rank_one::chain_lambda(act, c.widths, params)},
                      {"trained_output_dot_x", rank_one::chain_output(act, c.widths, params)},
                      {"epochs", trained.epochs},
                      {"final_loss", trained.final_loss}});
  }
  out.measured = {{"chains", chains}};
  out.notes.push_back("x is a Gaussian unit vector in R^dim drawn per chain from --seed");
  return out;
}

}  // namespace memo::am
