#include "lib/experiments/am/efficiency.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <sstream>
#include <tuple>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"
#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/limit_cycles.hpp"
#include "lib/dynamics/recovery.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/experiments/am/example_fixed_points.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

namespace {

// AM Fig. 5 as stated in its caption and text: (width, depth, length) → images stored of 100.
const std::map<std::tuple<int, int, int>, int> kPaperCells = {
    {{512, 31, 1}, 99}, {{512, 6, 5}, 100}, {{512, 1, 20}, 100}, {{512, 1, 100}, 100}};

}  // namespace

std::vector<std::pair<std::string, EfficiencySettings>> efficiency_presets() {
  EfficiencySettings paper;
  EfficiencySettings quick = paper;
  quick.examples = 20;
  quick.downsample = 4;
  quick.widths = {64, 256};
  quick.depths = {1, 6};
  quick.lengths = {1, 5, 20};
  quick.histogram_depths = {1, 6};
  quick.max_epochs = 30000;
  return {{"quick", quick}, {"paper", paper}};
}

ExperimentResult run_efficiency(const EfficiencySettings& s, const ExperimentContext& context) {
  for (int L : s.lengths)
    if (s.examples % L != 0)
      throw Error(fmt::format("--lengths {}: expected a divisor of --examples {}", L, s.examples));
  const Activation act = parse_activation(s.act);
  const Corruption corruption = parse_corruption(s.corruption);
  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.newton_polish = true;  // limits are matched to the Newton fixed points of g
  const ImageSet set = load_image_set(s.dataset);
  Mat X = image_columns(set, select_examples(set.labels, {.count = s.examples, .seed = context.seed, .balanced = true}));
  if (s.downsample > 1) X = downsample(X, set.height, set.width, s.downsample);
  const int n = s.examples, d = static_cast<int>(X.rows());
  const int top_k = std::max(1, static_cast<int>(std::lround(d / 100.0)));  // S8: the top 1 % of d moduli

  sweep::Sweep sweep;
  sweep.name = "am-efficiency";
  for (int L : s.lengths)
    for (int w : s.widths)
      for (int depth : s.depths) sweep.points.push_back({{"length", L}, {"width", w}, {"depth", depth}});
  sweep.run = [&](const Json& point, int, std::uint64_t seed) {
    const int L = point.at("length"), width = point.at("width"), depth = point.at("depth");
    Rng rng(seed);
    std::vector<int> widths{d};
    widths.insert(widths.end(), depth, width);
    widths.push_back(d);
    Mlp net = make_mlp(widths, act, Parametrization::standard, true, rng);
    Optimizer adam(Adam{.lr = s.lr}, parameters(net));
    const Mat Y = sequence_targets(X, std::vector<int>(n / L, L));
    const TrainResult fit = train(net, X, Y, LossKind::mse, adam,
                                  {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = true, .keep_history = false});
    Json row = {{"converged", fit.converged()}, {"epochs", fit.epochs}, {"final_loss", fit.final_loss}};
    if (fit.status == TrainStatus::diverged) {
      row.update({{"stored", 0}, {"stored_at_x", 0}, {"no_fixed_point", n / L}, {"recovered", 0},
                  {"recovered_unstable", 0}, {"top_moduli", ""}});
      return row;
    }
    const DynamicalMap f = mlp_map(net);
    // ρ of the chain product along the training images themselves (AM Prop. 2 at x_i).
    int stored_at_x = 0;
    for (const StoredCycle& c : stored_cycles(f, X, std::vector<int>(n / L, L))) stored_at_x += c.stable() ? L : 0;
    if (!fit.converged()) {  // not trained to tol: only the test at the images themselves
      row.update({{"stored", stored_at_x}, {"stored_at_x", stored_at_x}, {"no_fixed_point", n / L}, {"recovered", 0},
                  {"recovered_unstable", 0}, {"top_moduli", ""}});
      return row;
    }
    // The cycle next to each sequence: a fixed point of g = f^L near its first image.
    const DynamicalMap g = power_map(f, L);
    Mat firsts(d, n / L);
    for (int k = 0; k < n / L; ++k) firsts.col(k) = X.col(k * L);
    const ExampleFixedPoints fixed = example_fixed_points(g, firsts, criterion);
    const bool histogram = L == 1 && std::count(s.histogram_depths.begin(), s.histogram_depths.end(), depth) > 0;
    const std::vector<Spectrum> at_fixed = spectra_at(g, fixed.points, histogram);
    std::vector<bool> stable(n / L, false);
    int stored = 0;
    std::string top_moduli;
    for (int k = 0; k < n / L; ++k) {
      stable[k] = fixed.found[k] && at_fixed[k].spectral_radius < 1;
      stored += stable[k] ? L : 0;
      if (histogram)
        for (int j = 0; j < top_k; ++j) top_moduli += fmt::format("{}{:.6g}", top_moduli.empty() ? "" : " ", std::abs(at_fixed[k].eigenvalues(j)));
    }
    const CorruptedSet copies = corrupted_copies(firsts, corruption, 1, rng);
    const Recovery recovered = recovery(g, fixed.points, copies.points, copies.source, criterion);
    int recovered_unstable = 0;
    for (const TrajectoryEnd& end : recovered.iteration.ends)
      recovered_unstable += end.kind == LimitKind::training_example && !stable[end.example];
    row.update({{"stored", stored}, {"stored_at_x", stored_at_x}, {"no_fixed_point", fixed.missing()},
                {"recovered", recovered.recovered * L}, {"recovered_unstable", recovered_unstable},
                {"top_moduli", top_moduli}});
    return row;
  };
  const auto rows = run_experiment_sweep(context, sweep, settings_json(s));
  if (!rows) return {};

  ExperimentResult out;
  out.notes.push_back(fmt::format("{} images of {}×{} from {}, {}; stored: the sequence's cycle is stable (ρ(J_{{f^L}}) < 1 "
                                  "at the fixed point of f^L next to its first image)",
                                  n, std::lround(std::sqrt(d)), std::lround(std::sqrt(d)), s.dataset, s.act));
  std::map<int, int> total;  // length → images stored over the grid
  int recovered_unstable = 0, trained = 0;
  std::string grid, moduli;
  std::map<int, std::string> grid_by_length;  // gnuplot's 'with image' wants one regular grid per file
  Json networks = Json::array();
  for (size_t p = 0; p < sweep.points.size(); ++p) {
    const Json& point = sweep.points[p];
    const Json& row = (*rows)[p];
    const int L = point.at("length"), width = point.at("width"), depth = point.at("depth");
    const int stored = row.at("stored").get<int>();
    const bool converged = row.at("converged").get<bool>();
    total[L] += stored;
    trained += converged;
    recovered_unstable += row.at("recovered_unstable").get<int>();
    const auto w_index = std::find(s.widths.begin(), s.widths.end(), width) - s.widths.begin();
    const auto d_index = std::find(s.depths.begin(), s.depths.end(), depth) - s.depths.begin();
    grid += fmt::format("{} {} {} {} {} {}\n", L, w_index, d_index, stored, width, depth);
    grid_by_length[L] += fmt::format("{} {} {}\n", w_index, d_index, stored);
    std::istringstream values(row.at("top_moduli").get<std::string>());
    int j = 0;
    for (double m; values >> m; ++j) moduli += fmt::format("{} {} {} {:.6g}\n", width, depth, j % top_k == 0 ? 1 : 0, m);
    const auto paper = kPaperCells.find({width, depth, L});
    if (paper != kPaperCells.end() && n == 100)
      out.comparisons.push_back(compare_abs(fmt::format("depth {} × width {}, length {}: images stored", depth, width, L),
                                            fmt::format("{}/100", paper->second), std::nullopt, stored, paper->second, 5));
    if (!converged)
      out.notes.push_back(fmt::format("depth {} × width {}, length {}: not trained to {:g} (loss {:.1e} after {} epochs)",
                                      depth, width, L, s.tol, sweep::row_number(row, "final_loss"),
                                      row.at("epochs").get<long>()));
    Json network = point;
    network.update(row);
    network.erase("top_moduli");
    networks.push_back(network);
  }
  const int autoencoded = total.count(1) ? total[1] : 0;
  for (const auto& [L, stored] : total) {
    if (L == 1) continue;
    Comparison c = compare_range(fmt::format("length {}: images stored over the grid", L),
                                 "more than autoencoding (Fig. 5)", std::nullopt, stored, autoencoded,
                                 static_cast<double>(n) * s.widths.size() * s.depths.size());
    c.tolerance = fmt::format("≥ autoencoding's {}", autoencoded);
    out.comparisons.push_back(c);
  }
  out.comparisons.push_back(compare_abs("recovered copies of unstable sequences", "0 (AM Prop. 1–2)", 0.0,
                                        recovered_unstable, 0, 0));
  Json by_length = Json::object();
  for (const auto& [L, stored] : total) by_length[std::to_string(L)] = stored;
  out.measured = {{"networks", networks}, {"trained", trained}, {"images_stored_by_length", by_length}};
  out.files.emplace_back("grid.dat", grid);
  for (const auto& [L, text] : grid_by_length) out.files.emplace_back(fmt::format("grid_length{}.dat", L), text);
  out.files.emplace_back("moduli.dat", moduli.empty() ? "0 0 0 0\n" : moduli);

  // Fig. 5a–e: one count grid per length, depth up, width across.
  std::string panels = fmt::format("set terminal pngcairo size {},420 noenhanced\nset output '$OUT/grids.png'\n"
                                   "set multiplot layout 1,{} title 'AM Fig. 5: images stored of {} (width × depth)'\n"
                                   "set cbrange [0:{}]\nunset colorbox\nset palette defined (0 'white', 1 'dark-green')\n",
                                   300 * s.lengths.size(), s.lengths.size(), n, n);
  std::string wtics, dtics;
  for (size_t i = 0; i < s.widths.size(); ++i) wtics += fmt::format("{}'{}' {}", i ? ", " : "", s.widths[i], i);
  for (size_t i = 0; i < s.depths.size(); ++i) dtics += fmt::format("{}'{}' {}", i ? ", " : "", s.depths[i], i);
  panels += fmt::format("set xtics ({})\nset ytics ({})\nset xrange [-0.5:{}]\nset yrange [-0.5:{}]\n", wtics, dtics,
                        s.widths.size() - 0.5, s.depths.size() - 0.5);
  for (int L : s.lengths)
    panels += fmt::format("set title '{}'\nplot '$OUT/grid_length{}.dat' using 1:2:3 with image notitle, "
                          "'' using 1:2:(sprintf('%d',$3)) with labels notitle\n",
                          L == 1 ? "autoencoding" : fmt::format("{} sequences of {}", n / L, L), L);
  out.figures.push_back({"grids.png", panels + "unset multiplot\n"});
  // Figs. S7/S8: histograms of the top modulus and of the top 1 % of moduli, per autoencoder.
  for (const auto& [png, filter, title] :
       {std::tuple{"top_eigenvalue.png", "$3==1", "AM Fig. S7: top |eigenvalue| at the fixed points (at x_i where none)"},
        std::tuple{"top_percent.png", "1", "AM Fig. S8: top 1 % of the |eigenvalues| at the fixed points (at x_i where none)"}}) {
    std::string hist = fmt::format("set terminal pngcairo size 900,800 noenhanced\nset output '$OUT/{}'\n"
                                   "set multiplot layout {},{} title '{}'\nbin(x) = 0.02*floor(x/0.02)+0.01\n"
                                   "set boxwidth 0.018\nset style fill solid 0.6\nset xrange [0:*]\n",
                                   png, s.widths.size(), s.histogram_depths.size(), title);
    for (int w : s.widths)
      for (int depth : s.histogram_depths)
        hist += fmt::format("set title 'width {}, depth {}'\nplot '$OUT/moduli.dat' using (($1=={} && $2=={} && {})?bin($4):1/0):(1) "
                            "smooth frequency with boxes notitle\n",
                            w, depth, w, depth, filter);
    out.figures.push_back({png, hist + "unset multiplot\n"});
  }
  return out;
}

}  // namespace memo::am
