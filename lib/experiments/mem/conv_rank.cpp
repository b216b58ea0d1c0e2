#include "lib/experiments/mem/conv_rank.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "lib/core/random.hpp"
#include "lib/experiments/mem/linear_conv_fit.hpp"
#include "theory/conv_matrix.hpp"

namespace memo::mem {

using namespace conv_theory;  // the closed forms of theory/conv_matrix

std::vector<std::pair<std::string, ConvRankSettings>> conv_rank_presets() {
  ConvRankSettings quick;
  ConvRankSettings paper = quick;
  paper.sizes = {2, 3, 4, 5, 6, 7, 8};
  paper.filters = {1, 4, 16, 64, 128};
  paper.lr = 0.05;  // GD at 0.1 diverges with 128 filters (the gradient's scale grows with them)
  return {{"quick", quick}, {"paper", paper}};
}

namespace {

std::string joined(const Vec& values) {
  std::string out;
  for (Eigen::Index k = 0; k < values.size(); ++k) out += fmt::format("{}{:.17g}", k ? " " : "", values(k));
  return out;
}

Vec parsed(const std::string& text) {
  std::vector<double> values;
  std::istringstream in(text);
  for (double v; in >> v;) values.push_back(v);
  return Eigen::Map<const Vec>(values.data(), static_cast<Eigen::Index>(values.size()));
}

// Thm 4: one layer, one filter, from zero, trained to the floating-point floor so that the
// filter can be compared with its limit.
Json thm4_run(const ConvRankSettings& settings, int s, std::uint64_t seed) {
  Rng rng(seed);
  const Vec x = random_normal(s * s, 1, rng);
  ConvStackOptions options;
  options.image_size = s;
  options.layers = 1;
  ConvNet net = make_conv_stack(options);
  initialize(net, "zero", rng);
  const LinearConvFit fit = fit_linear_conv(net, x, Sgd{.lr = settings.lr},
                                            {.tol = 1e-24, .max_epochs = settings.max_epochs, .quiet = true, .keep_history = false});
  const Vec& sv = fit.singular_values;
  return Json{{"layers", 1}, {"parameters", 9}, {"epochs", fit.training.epochs},
              {"final_loss", fit.training.final_loss}, {"converged", fit.training.converged()},
              {"rank", (sv.array() > 1e-8 * sv(0)).count()},
              {"filter_error", (net.layers[0].weight.value - min_norm_single_filter(x, s)).norm()},
              {"max_forced_entry", 0.0}, {"forced_zeros_kept", 0}, {"distance_to_projection", fit.distance_to_projection},
              {"theory_lower_bound", 0.0}, {"singular_values", joined(sv)},
              {"spectrum_top", format_spectrum(fit.spectrum, 4)}};
}

// Corollary: 2 layers on one 4×4 image (the same for every filter count), from --init.
Json corollary_run(const ConvRankSettings& settings, const Vec& x, int filters, std::uint64_t seed) {
  const int s = 4, layers = 2;
  const Mat forced = Mat::Ones(s * s, s * s) - structural_support(s, layers);
  Rng rng(seed);
  ConvStackOptions options;
  options.image_size = s;
  options.layers = layers;
  options.filters = filters;
  ConvNet net = make_conv_stack(options);
  initialize(net, settings.init, rng);
  const LinearConvFit fit = fit_linear_conv(net, x, Sgd{.lr = settings.lr},
                                            {.tol = settings.tol, .max_epochs = settings.max_epochs, .quiet = true, .keep_history = false});
  const Vec& sv = fit.singular_values;
  return Json{{"layers", layers}, {"parameters", parameter_count(net)}, {"epochs", fit.training.epochs},
              {"final_loss", fit.training.final_loss}, {"converged", fit.training.converged()},
              {"rank", (sv.array() > 1e-8 * sv(0)).count()}, {"filter_error", 0.0},
              {"max_forced_entry", fit.op.cwiseProduct(forced).cwiseAbs().maxCoeff()},
              {"forced_zeros_kept", (forced.array() > 0 && fit.op.array() == 0).count()},
              {"distance_to_projection", fit.distance_to_projection},
              {"theory_lower_bound", forced_zero_distance(x, s, layers)}, {"singular_values", joined(sv)},
              {"spectrum_top", format_spectrum(fit.spectrum, 4)}};
}

}  // namespace

ExperimentResult run_conv_rank(const ConvRankSettings& settings, const ExperimentContext& context) {
  // One sweep of independent trainings (resumable; over --threads, MPI ranks, --shard): the
  // Thm 4 sizes, then the Corollary's filter counts.
  Rng image_rng(run_seed(context.seed, 1000));
  const Vec x = random_normal(16, 1, image_rng);
  sweep::Sweep sweep;
  sweep.name = "mem-conv-rank";
  for (int s : settings.sizes) sweep.points.push_back({{"part", "thm4"}, {"size", s}, {"filters", 1}});
  for (int f : settings.filters) sweep.points.push_back({{"part", "corollary"}, {"size", 4}, {"filters", f}});
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    return point.at("part") == "thm4" ? thm4_run(settings, point.at("size").get<int>(), seed)
                                      : corollary_run(settings, x, point.at("filters").get<int>(), seed);
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(settings));
  if (!rows) return {};

  ExperimentResult out;
  out.notes.push_back("images drawn from N(0,1); GD on the mean squared error");
  Json measured = {{"thm4", Json::array()}, {"corollary", Json::array()}};
  std::vector<Vec> thm4_singular_values;
  for (const Json& row : *rows) {
    if (row.at("part") != "thm4") continue;
    const int n = row.at("size");
    const Vec sv = parsed(row.at("singular_values"));
    thm4_singular_values.push_back(sv);
    const int rank = row.at("rank");
    out.comparisons.push_back(compare_abs(fmt::format("Thm 4, {}×{}: rank of M", n, n),
                                          fmt::format("{}", n * n), n * n, rank, n * n, 0));
    out.comparisons.push_back(compare_range(fmt::format("Thm 4, {}×{}: ‖w − w_min-norm‖", n, n), "", 0.0,
                                            sweep::row_number(row, "filter_error"), 0, 1e-6));
    measured["thm4"].push_back({{"size", n}, {"rank", rank},
                                {"singular_values", std::vector<double>(sv.data(), sv.data() + sv.size())},
                                {"epochs", row.at("epochs")}, {"final_loss", row.at("final_loss")}});
  }
  for (int n = 2; n <= 8; ++n) {
    int first_full = 0;
    while (forced_zero_count(n, first_full) > 0) ++first_full;
    out.comparisons.push_back(compare_abs(fmt::format("Thm 5, {}×{}: fewest layers with no forced 0", n, n),
                                          fmt::format("{}", n - 1), min_memorization_depth(n), first_full, n - 1, 0));
  }
  const double bound = forced_zero_distance(x, 4, 2);
  for (const Json& row : *rows) {
    if (row.at("part") != "corollary") continue;
    const std::string label = fmt::format("Cor., 4×4, 2 layers, {} filters", row.at("filters").get<int>());
    out.comparisons.push_back(compare_abs(label + ": max |forced entry|", "0", 0.0, sweep::row_number(row, "max_forced_entry"), 0, 0));
    out.comparisons.push_back(compare_range(label + ": ‖M − xxᵀ/‖x‖²‖", "> 0", bound,
                                            sweep::row_number(row, "distance_to_projection"), bound, 1e300));
    if (!row.at("converged").get<bool>())
      out.notes.push_back(fmt::format("{}: not trained below {:g} in {} epochs (loss {:.3g}{})", label, settings.tol,
                                      row.at("epochs").get<long>(), sweep::row_number(row, "final_loss"),
                                      std::isfinite(sweep::row_number(row, "final_loss")) ? "" : ": GD diverged, lower --lr"));
    measured["corollary"].push_back({{"filters", row.at("filters")}, {"parameters", row.at("parameters")},
                                     {"spectrum_top", row.at("spectrum_top")},
                                     {"distance_to_projection", row.at("distance_to_projection")},
                                     {"max_forced_entry", row.at("max_forced_entry")},
                                     {"forced_zeros_kept", row.at("forced_zeros_kept")}, {"final_loss", row.at("final_loss")}});
  }
  measured["corollary_lower_bound"] = bound;
  measured["corollary_forced_zeros"] = forced_zero_count(4, 2);
  out.measured = measured;

  // Figure: singular values of the Thm 4 operators (all clearly nonzero: rank s²).
  std::string data;
  for (const Vec& sv : thm4_singular_values) {
    for (Eigen::Index k = 0; k < sv.size(); ++k) data += fmt::format("{} {:.6e}\n", k + 1, sv(k));
    data += "\n\n";
  }
  out.files.emplace_back("singular_values.dat", data);
  std::string plot = "set logscale y\nset xlabel 'index'\nset ylabel 'σ'\n"
                     "set title 'MEM Thm 4: one filter from zero learns a rank-s² operator'\nplot ";
  for (size_t i = 0; i < settings.sizes.size(); ++i)
    plot += fmt::format("{}'$OUT/singular_values.dat' index {} with linespoints title 's = {}'", i ? ", " : "",
                        i, settings.sizes[i]);
  if (!settings.sizes.empty()) out.figures.push_back({"singular_values.png", plot});
  return out;
}

}  // namespace memo::mem
