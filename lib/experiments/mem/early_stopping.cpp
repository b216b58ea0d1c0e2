#include "lib/experiments/mem/early_stopping.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "lib/experiments/mem/conv_images.hpp"
#include "lib/experiments/mem/conv_nonlinear_d1.hpp"
#include "lib/io/csv.hpp"
#include "lib/nn/optimizer.hpp"

namespace memo::mem {

namespace {

struct Checkpoint {
  long step = 0;
  double loss = 0;
  int distinct_limits = 0;
  double max_radius = 0;         // ρ(J_f) at the limits, largest
  double max_limit_distance = 0; // ‖f^k(x_i) − x_i‖ / ‖x_i‖, largest
  double last_step = 0;          // ‖f^{k+1}(x_i) − f^k(x_i)‖, largest: the limits are fixed points when ≈ 0
  bool memories() const { return max_radius < 1; }
};

int distinct_columns(const Mat& Y, double relative_tol) {
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < Y.cols(); ++j) {
    const bool seen = std::any_of(kept.begin(), kept.end(), [&](Eigen::Index k) {
      return (Y.col(j) - Y.col(k)).norm() <= relative_tol * std::max(Y.col(k).norm(), 1e-12);
    });
    if (!seen) kept.push_back(j);
  }
  return static_cast<int>(kept.size());
}

Checkpoint inspect(ConvNet& net, const Mat& X, long step, double loss, int trajectory_steps) {
  Mat Y = X;
  for (int k = 0; k < trajectory_steps; ++k) Y = forward(net, Y);
  if (!Y.allFinite()) throw Diverged(fmt::format("trajectories from the training images not finite at step {}", step));
  Checkpoint c{.step = step, .loss = loss};
  c.distinct_limits = distinct_columns(Y, 1e-3);
  const std::vector<double> radii = jacobian_radii(net, Y);
  c.max_radius = *std::max_element(radii.begin(), radii.end());
  c.max_limit_distance = ((Y - X).colwise().norm().array() / X.colwise().norm().array()).maxCoeff();
  c.last_step = (forward(net, Y) - Y).colwise().norm().maxCoeff();
  return c;
}

}  // namespace

std::vector<std::pair<std::string, EarlyStoppingSettings>> early_stopping_presets() {
  EarlyStoppingSettings quick;
  EarlyStoppingSettings paper = quick;
  paper.size = 32;
  paper.filters = 64;
  paper.checkpoints = {0, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_early_stopping(const EarlyStoppingSettings& s, const ExperimentContext& context) {
  if (s.checkpoints.empty() || s.checkpoints.front() < 0 || !std::is_sorted(s.checkpoints.begin(), s.checkpoints.end()))
    throw Error("checkpoints: expected a non-empty increasing list of steps ≥ 0");
  if (s.dataset != "smooth" && s.dataset != "fashion-mnist")
    throw Error(fmt::format("dataset '{}': expected fashion-mnist or smooth", s.dataset));
  Rng rng(run_seed(context.seed, 0));
  const Mat X = conv_images(s.dataset, s.images, s.size, run_seed(context.seed, 1));
  ConvNet net = leaky_d1(s.size, s.filters, rng);
  Optimizer adam(Adam{.lr = s.lr}, parameters(net));
  const LossFunction loss = autoencoder_loss(net, X, LossKind::mse);

  std::vector<Checkpoint> checkpoints;
  long done = 0;
  for (const int target : s.checkpoints) {
    const TrainResult segment = train(adam, loss, {.max_epochs = target - done, .quiet = true, .keep_history = false});
    if (segment.status == TrainStatus::diverged) throw Diverged("mem-early-stopping: " + segment.describe());
    done = target;
    checkpoints.push_back(inspect(net, X, done, segment.final_loss, s.trajectory_steps));
  }

  const auto first = std::find_if(checkpoints.begin(), checkpoints.end(),
                                  [&](const Checkpoint& c) { return c.distinct_limits == s.images && c.memories(); });
  const Checkpoint& last = checkpoints.back();
  ExperimentResult out;
  out.notes.push_back(s.dataset == "smooth" ? "synthetic smooth images (the paper: CIFAR-10)"
                                            : "Fashion-MNIST padded to 32×32 (pooled for s < 32) stands in for CIFAR-10");
  const double fraction = first == checkpoints.end() ? 1.0 : static_cast<double>(first->step) / std::max(1L, last.step);
  out.comparisons.push_back(compare_range("steps until every image has its own attractor, fraction of training",
                                          "early (Fig. 6)", std::nullopt,
                                          first == checkpoints.end() ? std::numeric_limits<double>::infinity() : fraction,
                                          0, 0.5));
  out.comparisons.push_back(compare_range("max ρ(J_f) at the limits, last checkpoint", "≈ 0 (superattractors)",
                                          std::nullopt, last.max_radius, 0, 0.1));
  out.measured = {{"first_memory_step", first == checkpoints.end() ? -1L : first->step},
                  {"first_memory_loss", first == checkpoints.end() ? -1.0 : first->loss}, {"final_loss", last.loss},
                  {"parameters", parameter_count(net)}};
  out.rows = CsvTable({"step", "loss", "distinct_limits", "max_jacobian_radius", "max_limit_distance", "last_step"});
  Json rows = Json::array();
  for (const Checkpoint& c : checkpoints)
    rows.push_back({{"step", c.step}, {"loss", c.loss}, {"distinct_limits", c.distinct_limits},
                    {"max_jacobian_radius", c.max_radius}, {"max_limit_distance", c.max_limit_distance}});
  out.measured["checkpoints"] = rows;
  for (const Checkpoint& c : checkpoints)
    out.rows.add_row({c.step, c.loss, static_cast<long>(c.distinct_limits), c.max_radius, c.max_limit_distance,
                      c.last_step});
  out.figures.push_back({"early_stopping.png",
                         "set datafile separator ','\nset logscale y\nset format y '%.0e'\nset xlabel 'Adam steps'\n"
                         "set key top right\nset title 'D1 with leaky ReLU on 10 images: loss and ρ(J) at the limits'\n"
                         "plot '$OUT/results.csv' every ::1 using 1:2 with linespoints title 'MSE', "
                         "'' every ::1 using 1:4 with linespoints title 'max ρ(J_f) at the limits', "
                         "'' every ::1 using 1:5 with linespoints title 'max ‖limit − x_i‖/‖x_i‖'\n"});
  return out;
}

}  // namespace memo::mem
