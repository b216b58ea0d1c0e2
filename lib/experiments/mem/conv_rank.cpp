#include "lib/experiments/mem/conv_rank.hpp"

#include <fmt/format.h>

#include "lib/compute/parallel.hpp"
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
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_conv_rank(const ConvRankSettings& settings, const ExperimentContext& context) {
  const TrainOptions train_options{.tol = settings.tol, .max_epochs = settings.max_epochs, .quiet = true, .keep_history = false};

  // Thm 4: one layer, one filter, from zero.
  struct Thm4 { LinearConvFit fit; int rank; double filter_error; };
  std::vector<Thm4> thm4(settings.sizes.size());
  parallel_runs(static_cast<int>(settings.sizes.size()), context.threads, [&](int i) {
    const int s = settings.sizes[i];
    Rng rng(run_seed(context.seed, s));
    const Vec x = random_normal(s * s, 1, rng);
    ConvStackOptions options;
    options.image_size = s;
    options.layers = 1;
    ConvNet net = make_conv_stack(options);
    initialize(net, "zero", rng);
    // Trained to the floating-point floor, so that the filter can be compared with its limit.
    TrainOptions to_the_limit = train_options;
    to_the_limit.tol = 1e-24;
    thm4[i].fit = fit_linear_conv(net, x, Sgd{.lr = settings.lr}, to_the_limit);
    const Vec& sv = thm4[i].fit.singular_values;
    thm4[i].rank = static_cast<int>((sv.array() > 1e-8 * sv(0)).count());
    thm4[i].filter_error = (net.layers[0].weight.value - min_norm_single_filter(x, s)).norm();
  });

  // Corollary: 2 layers on 4×4, any number of filters.
  const int s = 4, layers = 2;
  Rng image_rng(run_seed(context.seed, 1000));
  const Vec x = random_normal(s * s, 1, image_rng);
  const double bound = forced_zero_distance(x, s, layers);
  const Mat forced = Mat::Ones(s * s, s * s) - structural_support(s, layers);
  struct Shallow { LinearConvFit fit; double max_forced; long zeros_kept; int parameters; };
  std::vector<Shallow> shallow(settings.filters.size());
  parallel_runs(static_cast<int>(settings.filters.size()), context.threads, [&](int i) {
    Rng rng(run_seed(context.seed, 2000 + settings.filters[i]));
    ConvStackOptions options;
    options.image_size = s;
    options.layers = layers;
    options.filters = settings.filters[i];
    ConvNet net = make_conv_stack(options);
    initialize(net, settings.init, rng);
    shallow[i].parameters = parameter_count(net);
    shallow[i].fit = fit_linear_conv(net, x, Sgd{.lr = settings.lr}, train_options);
    shallow[i].max_forced = shallow[i].fit.op.cwiseProduct(forced).cwiseAbs().maxCoeff();
    shallow[i].zeros_kept = (forced.array() > 0 && shallow[i].fit.op.array() == 0).count();
  });

  ExperimentResult out;
  out.notes.push_back("images drawn from N(0,1); GD on the mean squared error");
  out.rows = CsvTable({"part", "size", "layers", "filters", "parameters", "epochs", "final_loss", "rank",
                "smallest_singular_value", "largest_singular_value", "max_forced_entry", "distance_to_projection",
                "theory_lower_bound"});
  Json measured = {{"thm4", Json::array()}, {"corollary", Json::array()}};
  for (size_t i = 0; i < settings.sizes.size(); ++i) {
    const int n = settings.sizes[i];
    const Thm4& r = thm4[i];
    const Vec& sv = r.fit.singular_values;
    out.comparisons.push_back(compare_abs(fmt::format("Thm 4, {}×{}: rank of M", n, n),
                                             fmt::format("{}", n * n), n * n, r.rank, n * n, 0));
    out.comparisons.push_back(compare_range(fmt::format("Thm 4, {}×{}: ‖w − w_min-norm‖", n, n), "", 0.0,
                                               r.filter_error, 0, 1e-6));
    out.rows.add_row({std::string("thm4"), static_cast<long>(n), 1L, 1L, 9L, r.fit.training.epochs,
                 r.fit.training.final_loss, static_cast<long>(r.rank), sv(sv.size() - 1), sv(0), 0.0,
                 r.fit.distance_to_projection, 0.0});
    measured["thm4"].push_back({{"size", n}, {"rank", r.rank},
                                {"singular_values", std::vector<double>(sv.data(), sv.data() + sv.size())},
                                {"epochs", r.fit.training.epochs}, {"final_loss", r.fit.training.final_loss}});
  }
  for (int n = 2; n <= 8; ++n) {
    int first_full = 0;
    while (forced_zero_count(n, first_full) > 0) ++first_full;
    out.comparisons.push_back(compare_abs(fmt::format("Thm 5, {}×{}: fewest layers with no forced 0", n, n),
                                             fmt::format("{}", n - 1), min_memorization_depth(n), first_full,
                                             n - 1, 0));
  }
  for (size_t i = 0; i < settings.filters.size(); ++i) {
    const Shallow& r = shallow[i];
    const std::string label = fmt::format("Cor., 4×4, 2 layers, {} filters", settings.filters[i]);
    out.comparisons.push_back(compare_abs(label + ": max |forced entry|", "0", 0.0, r.max_forced, 0, 0));
    out.comparisons.push_back(compare_range(label + ": ‖M − xxᵀ/‖x‖²‖", "> 0", bound,
                                               r.fit.distance_to_projection, bound, 1e300));
    if (!r.fit.training.converged())
      out.notes.push_back(fmt::format("{}: {}", label, r.fit.training.describe()));
    const Vec& sv = r.fit.singular_values;
    out.rows.add_row({std::string("corollary"), 4L, 2L, static_cast<long>(settings.filters[i]), static_cast<long>(r.parameters),
                 r.fit.training.epochs, r.fit.training.final_loss,
                 static_cast<long>((sv.array() > 1e-8 * sv(0)).count()), sv(sv.size() - 1), sv(0), r.max_forced,
                 r.fit.distance_to_projection, bound});
    measured["corollary"].push_back({{"filters", settings.filters[i]}, {"parameters", r.parameters},
                                     {"spectrum_top", format_spectrum(r.fit.spectrum, 4)},
                                     {"distance_to_projection", r.fit.distance_to_projection},
                                     {"max_forced_entry", r.max_forced}, {"forced_zeros_kept", r.zeros_kept}, {"final_loss", r.fit.training.final_loss}});
  }
  measured["corollary_lower_bound"] = bound;
  measured["corollary_forced_zeros"] = forced_zero_count(s, layers);
  out.measured = measured;

  // Figure: singular values of the Thm 4 operators (all clearly nonzero: rank s²).
  std::string data;
  for (const Thm4& r : thm4) {
    for (Eigen::Index k = 0; k < r.fit.singular_values.size(); ++k)
      data += fmt::format("{} {:.6e}\n", k + 1, r.fit.singular_values(k));
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
