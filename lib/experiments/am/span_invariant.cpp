#include "lib/experiments/am/span_invariant.hpp"

#include "lib/nn/train.hpp"
#include "theory/span_invariant.hpp"

namespace memo::am {

std::vector<std::pair<std::string, SpanInvariantSettings>> span_invariant_presets() {
  SpanInvariantSettings quick;
  return {{"quick", quick}, {"paper", quick}};
}

ExperimentResult run_span_invariant(const SpanInvariantSettings& s, const ExperimentContext& context) {
  Rng rng(context.seed);
  const Mat X = random_normal(s.dim, s.examples, rng, s.data_std);
  const Mat Z = random_normal(s.dim, s.inputs, rng, s.input_std);
  const Activation act = parse_activation(s.act);
  const TrainOptions options{.max_epochs = s.epochs, .quiet = true};
  Mlp net = span_shaped_network(X, act, s.width, rng, s.init_std);
  Optimizer gd(Sgd{.lr = s.lr}, parameters(net));
  const TrainResult fit = train(net, X, X, LossKind::half_sum_over_n, gd, options);
  const double distance = distance_from_span(X, forward(net, Z));
  // Control: the same training from a generic initialisation leaves the span.
  Mlp generic = make_mlp({s.dim, s.width, s.dim}, act, Parametrization::standard, false, rng);
  Optimizer gd_generic(Sgd{.lr = s.lr}, parameters(generic));
  const TrainResult generic_fit = train(generic, X, X, LossKind::half_sum_over_n, gd_generic, options);
  const double generic_distance = distance_from_span(X, forward(generic, Z));

  ExperimentResult out;
  Comparison span{"span-shaped init: distance of f(z) from span(X)", "f(z) ∈ span X", 0.0, distance,
                  "distance < 1e-10", distance < 1e-10};
  out.comparisons.push_back(span);
  out.comparisons.push_back(compare_range("generic init: distance of f(z) from span(X)", "", std::nullopt,
                                          generic_distance, 1e-3, 1e300));
  out.measured = {{"initial_loss", fit.loss_history.front()},
                  {"final_loss", fit.final_loss},
                  {"generic_final_loss", generic_fit.final_loss}};
  return out;
}

}  // namespace memo::am
