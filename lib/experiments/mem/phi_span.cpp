#include "lib/experiments/mem/phi_span.hpp"

#include <fmt/format.h>

#include "lib/dynamics/spectra.hpp"
#include "lib/nn/train.hpp"
#include "theory/min_norm.hpp"
#include "theory/phi_span.hpp"

namespace memo::mem {

std::vector<std::pair<std::string, PhiSpanSettings>> phi_span_presets() {
  PhiSpanSettings quick;
  return {{"quick", quick}, {"paper", quick}};
}

ExperimentResult run_phi_span(const PhiSpanSettings& s, const ExperimentContext& context) {
  Rng rng(context.seed);
  const int d = s.dim, n = s.examples;
  const Activation act = parse_activation(s.act);
  const Mat X = activate(act, random_normal(d, n, rng, s.data_std));  // entries in range(φ)
  const Mat predicted = phi_span::solution(act, X);  // Error outside the theorem's assumptions
  Mlp net = make_mlp({d, d}, parse_activation("identity"), Parametrization::standard, false, rng);
  net.output_activation = act;  // the single layer φ(A x)
  initialize(net, "zero", rng);
  Optimizer gd(Sgd{.lr = s.lr}, parameters(net));
  const TrainResult fit = train(net, X, X, LossKind::half_sum_over_n, gd,
                                {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
  const Mat& A = net.layers[0].weight.value;
  const double gap = (A - predicted).cwiseAbs().maxCoeff();
  const int rank = min_norm::numerical_rank(singular_values(A), 1e-6);

  ExperimentResult out;
  out.comparisons.push_back({"max|A − φ⁻¹(X)X⁺|", "φ⁻¹(X) X⁺", 0.0, gap, "max|A − φ⁻¹(X)X⁺| < 1e-5 and rank n",
                             fit.converged() && gap < 1e-5 && rank == n});
  // The closed form's own properties: x_i = φ(A x_i), and φ(A z) ∈ φ-span(X) for any z.
  const double eigen_residual = (activate(act, Mat(predicted * X)) - X).cwiseAbs().maxCoeff();
  const Mat images = phi_span::image(act, predicted, random_normal(d, s.inputs, rng));
  const double image_distance = phi_span::distance_from_phi_span(act, X, images);
  const double control = phi_span::distance_from_phi_span(act, X, activate(act, random_normal(d, 1, rng)));
  out.measured = {{"converged", fit.converged()},
                  {"epochs", fit.epochs},
                  {"final_loss", fit.final_loss},
                  {"rank", rank},
                  {"phi_eigenvector_residual", eigen_residual},
                  {"image_distance_from_phi_span", image_distance},
                  {"control_distance_from_phi_span", control}};
  out.notes.push_back(fmt::format("GD lr {:g} from zero: {}", s.lr, fit.describe()));
  return out;
}

}  // namespace memo::mem
