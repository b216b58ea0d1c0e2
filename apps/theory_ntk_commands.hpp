// `theory ntk` and `theory ntk-predict`: the NTK/NNGP of a pair of inputs, and the
// kernel-regression prediction of the trained Jacobian J∞ of a network from its initial
// weights (NTK eq. 2–3). Included by apps/theory.cpp, which runs the chosen `action`.
//
//   build/bin/theory ntk --act sigmoid --layers 2 --x x.npy --y y.npy [--gradient] [--json]
//   build/bin/theory ntk-predict --weights init.npz [--widths 16,8000,16 --act sigmoid]
//                                --data X.npy [--points P.npy] [--json]
#pragma once
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/cli/flag_checks.hpp"
#include "lib/cli/network_flags.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "lib/dynamics/spectra.hpp"
#include "theory/kernel_regression.hpp"

namespace memo::ntk_commands {

// A single vector from .npy: shape (d,), (d,1) or (1,d).
inline Vec read_vector(const std::string& path) {
  const Mat m = read_matrix(path);
  if (m.cols() == 1) return m.col(0);
  if (m.rows() == 1) return m.row(0).transpose();
  throw Error(fmt::format("{} has shape {}; expected a single vector", path, shape_string(m)));
}

inline Json to_json(const Vec& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

struct QuadratureFlags {
  int nodes = ntk::kDefaultNodes;
  std::string quadrature = quadrature_name(ntk::kDefaultQuadrature);
};

inline void add_quadrature_flags(CLI::App& cmd, QuadratureFlags& flags) {
  cmd.add_option("--nodes", flags.nodes, "quadrature nodes per dimension")->capture_default_str()->check(whole_in(1, 10000));
  cmd.add_option("--quadrature", flags.quadrature, "trapezoid | gauss_hermite")->capture_default_str();
}

struct NtkFlags {
  std::string act = "sigmoid", x_path, y_path;
  int layers = 2;
  bool gradient = false, json = false;
  QuadratureFlags quadrature;
};

inline int run_ntk(const NtkFlags& flags) {
  const Activation act = parse_activation(flags.act);
  const ntk::Kernel kernel =
      ntk::make_kernel(act, flags.layers, flags.quadrature.nodes, parse_quadrature(flags.quadrature.quadrature));
  const Vec x = read_vector(flags.x_path), y = read_vector(flags.y_path);
  if (x.size() != y.size())
    throw Error(fmt::format("--x has {} entries but --y has {}", x.size(), y.size()));
  Json doc;
  if (flags.gradient) {
    const ntk::KernelGradient k = ntk::kernel_gradient(kernel, x, y);
    doc = {{"ntk", k.value.ntk}, {"nngp", k.value.nngp}, {"nngp_dot", k.value.nngp_dot},
           {"ntk_gradient_y", to_json(k.ntk_gradient)}, {"nngp_gradient_y", to_json(k.nngp_gradient)}};
  } else {
    const ntk::KernelValue k = ntk::kernel_value(kernel, x, y);
    doc = {{"ntk", k.ntk}, {"nngp", k.nngp}, {"nngp_dot", k.nngp_dot}};
  }
  for (const auto& [key, entry] : doc.items())
    for (const Json& value : entry.is_array() ? entry : Json::array({entry}))
      if (value.is_number() && !std::isfinite(value.get<double>()))
        throw Error(fmt::format("{} = {} at ‖x‖ = {:.4g}, ‖y‖ = {:.4g}: {} overflows double precision at inputs this large",
                              key, value.get<double>(), x.norm(), y.norm(), flags.act));
  if (act.kind == ActivationKind::sigmoid_erf && flags.layers == 2)
    doc["ntk_closed_form_eq6"] = ntk::sigmoid_erf_two_layer_closed_form(x, y).ntk;
  if (flags.json) {
    print_json(doc);
  } else {
    fmt::print("Θ^{0}(x, y) = {1:.15g}   Σ^{0}(x, y) = {2:.15g}   Σ̇^{0}(x, y) = {3:.15g}\n", flags.layers,
               doc["ntk"].get<double>(), doc["nngp"].get<double>(), doc["nngp_dot"].get<double>());
    if (doc.contains("ntk_closed_form_eq6"))
      fmt::print("eq. 6 closed form: {:.15g}\n", doc["ntk_closed_form_eq6"].get<double>());
    if (flags.gradient) fmt::print("∂Θ/∂y = {}\n", doc["ntk_gradient_y"].dump());
  }
  return kExitOk;
}

struct PredictFlags {
  std::string weights_path, widths_text, act, data_path, points_path;  // widths, act: default the file's
  bool json = false;
  QuadratureFlags quadrature;
};

inline int run_ntk_predict(const PredictFlags& flags) {
  // The analytic kernel is the limit of the ntk parametrisation without bias.
  Mlp net = load_network({flags.weights_path, flags.widths_text, flags.act, "ntk", 0});
  const std::vector<int>& widths = net.widths;
  const Mat X = read_examples(flags.data_path);
  const Mat P = flags.points_path.empty() ? X : read_examples(flags.points_path);
  if (widths.front() != X.rows() || widths.back() != X.rows() || P.rows() != X.rows())
    throw Error(fmt::format("widths {} must start and end with the data dimension {} (points: {})",
                            fmt::join(widths, ","), X.rows(), P.rows()));
  const ntk::Kernel kernel = ntk::make_kernel(net.activation, static_cast<int>(widths.size()) - 1,
                                              flags.quadrature.nodes, parse_quadrature(flags.quadrature.quadrature));
  const ntk::KernelRegression fit = ntk::fit_kernel_regression(kernel, X, forward(net, X));
  Json points = Json::array();
  for (Eigen::Index i = 0; i < P.cols(); ++i) {
    const Vec p = P.col(i);
    const Mat J0 = jacobian(net, p);
    const Mat J = ntk::predicted_jacobian(fit, p, J0);
    const Vec f = ntk::predicted_output(fit, p, forward(net, Mat(p)).col(0));
    points.push_back({{"point", i},
                      {"spectral_radius", spectral_radius(J)},
                      {"operator_norm", operator_norm(J)},
                      {"initial_spectral_radius", spectral_radius(J0)},
                      {"initial_operator_norm", operator_norm(J0)},
                      {"fixed_point_residual", (f - p).norm()}});
  }
  if (flags.json) {
    print_json({{"layers", kernel.layers}, {"examples", X.cols()}, {"points", points}});
    return kExitOk;
  }
  fmt::print("{:>5} | {:>10} | {:>10} | {:>10} | {:>10} | {:>10}\n", "point", "ρ(J∞)", "‖J∞‖", "ρ(J0)", "‖J0‖",
             "‖f∞(p)−p‖");
  for (const Json& row : points)
    fmt::print("{:>5} | {:>10.6f} | {:>10.6f} | {:>10.6f} | {:>10.6f} | {:>10.3e}\n", row["point"].get<long>(),
               row["spectral_radius"].get<double>(), row["operator_norm"].get<double>(),
               row["initial_spectral_radius"].get<double>(), row["initial_operator_norm"].get<double>(),
               row["fixed_point_residual"].get<double>());
  return kExitOk;
}

}  // namespace memo::ntk_commands

namespace memo {

// Registers `ntk` and `ntk-predict` on `app`; the chosen one stores its run in `action`.
inline void add_ntk_commands(CLI::App& app, std::function<int()>& action) {
  auto ntk_flags = std::make_shared<ntk_commands::NtkFlags>();
  CLI::App* ntk = app.add_subcommand("ntk", "NTK Θ^L, NNGP Σ^L (and ∂Θ/∂y) of two inputs");
  ntk->add_option("--act", ntk_flags->act, "activation (sigmoid, sigmoid_erf, tanh, …)")->capture_default_str();
  ntk->add_option("--layers", ntk_flags->layers, "L weight matrices")->capture_default_str()->check(whole_in(1, 1000));
  ntk->add_option("--x", ntk_flags->x_path, "first input, .npy vector")->required();
  ntk->add_option("--y", ntk_flags->y_path, "second input, .npy vector")->required();
  ntk->add_flag("--gradient", ntk_flags->gradient, "also ∂Θ^L(x, y)/∂y (corrected formula)");
  ntk->add_flag("--json", ntk_flags->json, "print {ntk, nngp, …} as JSON");
  ntk_commands::add_quadrature_flags(*ntk, ntk_flags->quadrature);
  ntk->callback([&action, ntk_flags] { action = [ntk_flags] { return ntk_commands::run_ntk(*ntk_flags); }; });

  auto predict_flags = std::make_shared<ntk_commands::PredictFlags>();
  CLI::App* predict = app.add_subcommand(
      "ntk-predict", "kernel-regression prediction of the trained Jacobian J∞ from initial weights (NTK eq. 2–3)");
  predict->add_option("--weights", predict_flags->weights_path, "initial weights .npz (train --save-init, ntk, no bias)")
      ->required();
  predict->add_option("--widths", predict_flags->widths_text, "layer widths n0,n1,…,n0 (default: the file's)");
  predict->add_option("--act", predict_flags->act, "activation (default: the file's, else sigmoid)");
  predict->add_option("--data", predict_flags->data_path, "training inputs .npy (n, n0)")->required();
  predict->add_option("--points", predict_flags->points_path, "where to predict J∞, .npy (m, n0); default: the data");
  predict->add_flag("--json", predict_flags->json, "print the per-point results as JSON");
  ntk_commands::add_quadrature_flags(*predict, predict_flags->quadrature);
  predict->callback(
      [&action, predict_flags] { action = [predict_flags] { return ntk_commands::run_ntk_predict(*predict_flags); }; });
}

}  // namespace memo
