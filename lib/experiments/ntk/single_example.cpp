#include "lib/experiments/ntk/single_example.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <sstream>

#include "datasets/synthetic.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/ntk/autoencoder.hpp"
#include "theory/kernel_regression.hpp"

namespace memo::ntk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Json run_one(const SingleExampleSettings& s, const Json& point, std::uint64_t seed) {
  const Activation activation = parse_activation(point.at("activation").get<std::string>());
  const int width = point.at("width"), depth = point.at("depth");
  const double radius = point.at("radius");
  Rng data_rng(run_seed(seed, 1)), net_rng(run_seed(seed, 2));
  const Mat X = sphere_points(s.n0, 1, radius, data_rng);
  std::vector<int> widths(depth + 1, width);
  widths.front() = widths.back() = s.n0;
  Mlp net = make_mlp(widths, activation, Parametrization::ntk, false, net_rng);
  const Vec x = X.col(0);
  const Mat J0 = jacobian(net, x);
  // the empirical NTK at (x1, x1), averaged over the outputs: → Θ^L(x1, x1) as the width grows
  double empirical_theta = 0;
  for (int k = 0; k < s.n0; ++k) empirical_theta += parameter_gradient(net, x, k).squaredNorm() / s.n0;
  double kernel_radius = kNaN, kernel_update = kNaN;
  if (point.at("kernel").get<bool>()) {
    const KernelRegression fit = fit_kernel_regression(make_kernel(activation, depth, s.nodes), X, forward(net, X));
    const Mat J_kernel = predicted_jacobian(fit, x, J0);
    kernel_radius = spectral_radius(J_kernel);
    kernel_update = operator_norm(J_kernel - J0);
  }
  const TrainResult training = train_gd(net, X, s.tol, s.max_epochs);
  const double initial_radius = spectral_radius(J0);
  double trained_radius = kNaN, trained_update = kNaN;
  if (training.status != TrainStatus::diverged) {
    const Mat J = jacobian(net, x);
    trained_radius = spectral_radius(J);
    trained_update = operator_norm(J - J0);
  }
  const char* status = training.converged() ? "converged"
                       : training.status == TrainStatus::diverged ? "diverged" : "step_limit";
  return Json{{"initial_spectral_radius", initial_radius},
              {"trained_spectral_radius", trained_radius},
              {"kernel_spectral_radius", kernel_radius},
              {"difference", std::abs(initial_radius - trained_radius)},
              {"kernel_difference", std::abs(initial_radius - kernel_radius)},
              {"trained_update_norm", trained_update},
              {"kernel_update_norm", kernel_update},
              {"empirical_theta", empirical_theta},
              {"epochs", training.epochs},
              {"final_loss", training.final_loss},
              {"status", status}};
}

}  // namespace

std::vector<std::string> activation_list(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream in(text);
  std::string name;
  // "linear:a,b" carries a comma of its own: a part that starts with a digit or sign continues it
  while (std::getline(in, name, ',')) {
    if (!names.empty() && !name.empty() && (std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '-' ||
                                            name[0] == '.'))
      names.back() += "," + name;
    else
      names.push_back(name);
  }
  if (names.empty()) throw Error("--activations '': expected at least one activation name");
  for (const std::string& n : names) parse_activation(n);  // throws naming a bad one
  return names;
}

SingleExampleLimit single_example_limit(const Activation& activation, int depth, int n0, double radius, int nodes) {
  const Kernel kernel = make_kernel(activation, depth, nodes);
  const Vec x = radius * Vec::Unit(n0, 0);
  const KernelValue value = kernel_value(kernel, x, x);
  SingleExampleLimit limit{.theta = value.ntk, .nngp = value.nngp, .nngp_dot = value.nngp_dot, .update_norm = kNaN};
  try {
    const KernelGradient gradient = kernel_gradient(kernel, x, x);
    limit.update_norm =
        std::sqrt(radius * radius + n0 * value.nngp) * gradient.ntk_gradient.norm() / value.ntk;
  } catch (const Error&) {
    // no ∂_xΘ for activations with a kink (theory/ntk_kernel.hpp): no prediction
  }
  return limit;
}

std::vector<std::pair<std::string, SingleExampleSettings>> single_example_presets() {
  SingleExampleSettings quick;
  quick.radii = {1, 4, 16};
  quick.repetitions = 4;
  SingleExampleSettings paper = quick;  // NTK §5.2: n0 = 32, width 1000, L = 2, 3, 4, 100 repetitions
  paper.radii = {1, 2, 4, 8, 16, 32};
  paper.repetitions = 100;
  paper.max_epochs = 100000;
  return {{"quick", quick}, {"paper", paper}};
}

std::vector<std::pair<std::string, SingleExampleSettings>> narrow_presets() {
  auto presets = single_example_presets();
  for (auto& [name, settings] : presets) settings.widths = {50, 1000};  // EXT 2: width 50 beside Fig. 2's 1000
  return presets;
}

std::vector<std::pair<std::string, SingleExampleSettings>> activation_presets() {
  auto presets = single_example_presets();
  for (auto& [name, settings] : presets) {
    settings.activations = "tanh,relu";  // EXT 1
    // lr 1 diverges for ReLU once Θ^L(x1, x1) = L r²/(n0 2^{L−1}) > 2, i.e. r > 8 at L = 2, n0 = 32
    settings.radii = name == "paper" ? std::vector<double>{0.5, 1, 2, 4, 6} : std::vector<double>{1, 4};
  }
  return presets;
}

std::optional<std::vector<Json>> single_example_runs(const SingleExampleSettings& s, const ExperimentContext& context,
                                                     const std::string& sweep_name) {
  sweep::Sweep sweep;
  sweep.name = sweep_name;
  for (const std::string& activation : activation_list(s.activations)) {
    const bool kernel = !std::isnan(single_example_limit(parse_activation(activation), 2, s.n0, 1, s.nodes).update_norm);
    for (int width : s.widths)
      for (int depth : s.depths)
        for (double radius : s.radii)
          sweep.points.push_back(
              {{"activation", activation}, {"width", width}, {"depth", depth}, {"radius", radius}, {"kernel", kernel}});
  }
  sweep.repetitions = s.repetitions;
  sweep.run = [&s](const Json& point, int, std::uint64_t seed) { return run_one(s, point, seed); };
  return run_experiment_sweep(context, sweep, settings_json(s));
}

ExperimentResult run_single_example(const SingleExampleSettings& s, const ExperimentContext& context) {
  const auto rows = single_example_runs(s, context, "ntk-single-example");
  if (!rows) return {};
  return summarize_single_example(s, *rows);
}

}  // namespace memo::ntk
