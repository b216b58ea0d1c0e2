#include "lib/experiments/mem/relu_wide.hpp"

#include <fmt/format.h>

#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/wide_relu.hpp"

namespace memo::mem {

std::vector<std::pair<std::string, ReluWideSettings>> relu_wide_presets() {
  ReluWideSettings quick;
  ReluWideSettings paper = quick;
  paper.norms = {0.5, 1.0, 3.0};
  paper.width = 100000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_relu_wide(const ReluWideSettings& s, const ExperimentContext& context) {
  const int d = s.dim, k = s.width;
  Rng rng(context.seed);
  const Vec direction = random_normal(d, 1, rng).normalized();
  ExperimentResult out;
  out.rows = CsvTable({"norm", "width", "trained_lambda", "exact_lambda", "limit_lambda", "final_loss"});
  Json runs = Json::array();
  for (double norm : s.norms) {
    const Vec x = norm * direction;
    Mlp net = make_mlp({d, k, d}, parse_activation("relu"), Parametrization::standard, true, rng);
    net.layers[0].weight.value = random_normal(k, d, rng);  // W1, b i.i.d. N(0, 1): the same variance
    net.layers[0].bias.value = random_normal(k, 1, rng);
    net.layers[1].has_bias = false;
    net.layers[1].bias.value.resize(0, 0);
    net.layers[1].weight.value.setZero();  // W2(0) = 0; only W2 is trained
    const Mat W1 = net.layers[0].weight.value;
    const Vec b = net.layers[0].bias.value.col(0);
    Optimizer gd(Sgd{.lr = 0.5 / wide_relu::features(W1, b, x).squaredNorm()}, {&net.layers[1].weight});
    const TrainResult fit = train(net, Mat(x), Mat(x), LossKind::half_sum_over_n, gd,
                                  {.tol = 1e-24, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
    const double measured = spectral_radius(jacobian(net, x));
    const double exact = wide_relu::lambda(W1, b, x), limit = wide_relu::lambda_limit(norm);
    const double readout = (net.layers[1].weight.value - wide_relu::min_norm_readout(W1, b, x)).cwiseAbs().maxCoeff();
    out.comparisons.push_back({fmt::format("‖x‖ = {:g}: λ1", norm), "‖x‖²/(‖x‖²+1)", limit, measured,
                               fmt::format("|Δ| ≤ 0.02 (width {})", k), std::abs(measured - limit) <= 0.02});
    out.rows.add_row({norm, static_cast<long>(k), measured, exact, limit, fit.final_loss});
    runs.push_back({{"norm", norm},
                    {"trained_lambda", measured},
                    {"exact_lambda", exact},
                    {"limit_lambda", limit},
                    {"readout_deviation", readout},
                    {"converged", fit.converged()},
                    {"final_loss", fit.final_loss}});
  }
  out.measured = {{"runs", runs}};
  return out;
}

}  // namespace memo::mem
