#include "lib/experiments/mem/init.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

#include "datasets/image_set.hpp"
#include "lib/cli/parse.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/experiments/mem/fc_autoencoder.hpp"
#include "lib/experiments/mem/linear.hpp"

namespace memo::mem {

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (comma == start) throw Error(fmt::format("--inits '{}': expected initialisation names separated by commas", text));
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// One initialisation's run as a row of the sweep: Fig. 12's norm, the training, the noise of
// the outputs on the random inputs, and the first outputs for the figure (as text, exactly).
constexpr Eigen::Index kShownOutputs = 6;

Json run_one(const InitSettings& s, const std::string& init, const Mat& X, const Mat& Z, std::uint64_t seed) {
  FcNetworkSettings net{.depth = s.depth, .width = s.width, .act = s.act, .init = init, .optimizer = s.optimizer,
                        .lr = s.lr, .tol = s.tol, .max_epochs = s.max_epochs};
  double output_norm_before = 0;  // ‖f₀(x₁)‖ (Fig. 12's number)
  {
    Rng rng(seed);  // the same draw train_fc_autoencoder starts from
    output_norm_before = forward(make_fc_autoencoder(static_cast<int>(X.rows()), net, rng), X.col(0)).norm();
  }
  const FcAutoencoder trained = train_fc_autoencoder(X, net, seed, true);
  const Mat outputs = forward(trained.net, Z);
  const NearestExamples nearest = nearest_examples(X, outputs);
  Vec noise(Z.cols());  // per random input: ‖f(z) − x_nn‖ / ‖x_nn‖
  for (Eigen::Index j = 0; j < Z.cols(); ++j) noise(j) = nearest.distance(j) / X.col(nearest.index[j]).norm();
  const Mat shown = outputs.leftCols(std::min(Z.cols(), kShownOutputs));
  return Json{{"output_norm_before", output_norm_before},
              {"epochs", trained.training.epochs},
              {"final_loss", trained.training.final_loss},
              {"converged", trained.training.converged()},
              {"median_output_noise", quartiles({noise.data(), noise.data() + noise.size()}).median},
              {"max_output_noise", noise.maxCoeff()},
              {"shown_outputs", matrix_text(shown)}};
}

bool is_kaiming(const std::string& init) { return init.rfind("kaiming", 0) == 0; }

}  // namespace
std::vector<std::pair<std::string, InitSettings>> init_presets() {
  InitSettings quick;  // the paper's network and one image: already quick
  return {{"quick", quick}, {"paper", quick}};
}

ExperimentResult run_init(const InitSettings& s, const ExperimentContext& context) {
  const std::vector<std::string> inits = split_list(s.inits);
  ExperimentResult out;

  // Linear part: mem-linear's run from A(0) ≠ 0.
  LinearSettings linear{.dim = s.linear_dim, .examples = s.linear_examples, .init_std = s.init_std,
                        .max_epochs = s.linear_epochs};
  const ExperimentResult lin = run_linear(linear, context);
  const Json& m = lin.measured;
  const double limit_gap = m.at("noisy_init_max_entry_deviation").get<double>();
  const std::vector<double> sigma = m.at("noisy_init_singular_values"), bound = m.at("weyl_upper_bound"),
                            sigma_p = m.at("projector_singular_values");
  double weyl_excess = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < sigma.size(); ++i) weyl_excess = std::max(weyl_excess, sigma[i] - bound[i]);
  out.comparisons.push_back(compare_abs("linear: max|A(∞) − (P + A(0)(I − P))|", "0 (App. I.2)", 0.0, limit_gap, 0, 1e-10));
  out.comparisons.push_back(compare_range("linear: max_i σ_i(A(∞)) − (σ_i(P) + ‖A(0)(I−P)‖)", "≤ 0 (Weyl)", std::nullopt,
                                          weyl_excess, -std::numeric_limits<double>::infinity(), 1e-12));

  // Nonlinear part: one network per initialisation, the same images and random inputs.
  const ImageSet set = load_image_set(s.dataset);
  const ImageSplit split = split_images(set, s.images, 0, context.seed);
  Rng input_rng(run_seed(context.seed, 1000));
  const Mat Z = random_normal(split.train.rows(), s.random_inputs, input_rng);
  // One run per initialisation: a sweep (resumable, over --threads, MPI ranks, --shard). Each
  // run keeps its seed run_seed(--seed, its index in --inits).
  sweep::Sweep sweep;
  sweep.name = "mem-init";
  for (size_t i = 0; i < inits.size(); ++i) sweep.points.push_back({{"index", i}, {"init", inits[i]}});
  sweep.run = [&](const Json& point, int, std::uint64_t) {
    return run_one(s, point.at("init").get<std::string>(), split.train, Z,
                   run_seed(context.seed, point.at("index").get<std::uint64_t>()));
  };
  const auto runs = run_experiment_sweep(context, sweep, settings_json(s));
  if (!runs) return {};

  out.rows = CsvTable({"init", "output_norm_before", "epochs", "final_loss", "median_output_noise", "max_output_noise"});
  Json per_init = Json::array();
  double kaiming_norm = std::numeric_limits<double>::infinity(), other_norm = 0;
  double kaiming_noise = std::numeric_limits<double>::infinity(), other_noise = 0;
  int converged = 0;
  bool has_kaiming = false, has_other = false;
  std::vector<std::vector<Vec>> tiles;
  for (const Json& r : *runs) {
    const std::string init = r.at("init").get<std::string>();
    const double norm = sweep::row_number(r, "output_norm_before"), final_loss = sweep::row_number(r, "final_loss");
    const double noise = sweep::row_number(r, "median_output_noise"), max_noise = sweep::row_number(r, "max_output_noise");
    const long epochs = r.at("epochs").get<long>();
    out.rows.add_row({init, norm, epochs, final_loss, noise, max_noise});
    per_init.push_back({{"init", init}, {"output_norm_before", norm}, {"epochs", epochs}, {"final_loss", final_loss},
                        {"median_output_noise", noise}, {"max_output_noise", max_noise}});
    converged += r.at("converged").get<bool>();
    if (is_kaiming(init)) {
      has_kaiming = true;
      kaiming_norm = std::min(kaiming_norm, norm);
      kaiming_noise = std::min(kaiming_noise, noise);
    } else {
      has_other = true;
      other_norm = std::max(other_norm, norm);
      other_noise = std::max(other_noise, noise);
    }
    const Eigen::Index shown = std::min(Z.cols(), kShownOutputs);
    const Mat outputs = matrix_from_text(r.at("shown_outputs").get<std::string>(), split.train.rows(), shown);
    std::vector<Vec> row{split.train.col(0)};
    for (Eigen::Index j = 0; j < shown; ++j) row.push_back(outputs.col(j));
    tiles.push_back(row);
  }
  out.comparisons.push_back(compare_abs("networks trained to MSE < tol", fmt::format("{}", runs->size()), std::nullopt,
                                        converged, static_cast<double>(runs->size()), 0));
  if (has_kaiming && has_other) {
    out.comparisons.push_back(compare_range("Kaiming ÷ other: output norm before training (smallest ÷ largest)",
                                            "> 1 (Fig. 12)", std::nullopt, kaiming_norm / other_norm, 1,
                                            std::numeric_limits<double>::infinity()));
    out.comparisons.push_back(compare_range("Kaiming ÷ other: output noise on N(0, I) inputs (smallest ÷ largest)",
                                            "> 1 (noisier)", std::nullopt, kaiming_noise / other_noise, 1,
                                            std::numeric_limits<double>::infinity()));
  }
  out.measured = {{"linear_max_entry_deviation", limit_gap},
                  {"linear_weyl_excess", weyl_excess},
                  {"linear_noisy_singular_values", sigma},
                  {"linear_projector_singular_values", sigma_p},
                  {"linear_weyl_upper_bound", bound},
                  {"inits", per_init}};
  out.files.emplace_back("outputs.csv", matrix_csv(tile_images(tiles, split.side)));
  out.figures.push_back({"outputs.png", tiled_images_script("$OUT/outputs.csv",
                                                            "MEM Fig. 12: one row per --inits entry: training image, "
                                                            "then f(z) for N(0, I) inputs z",
                                                            900, 160 * static_cast<int>(runs->size()) + 60)});
  out.notes.push_back(fmt::format("nonlinear part: {} {} image(s), {} standard normal inputs; noise = ‖f(z) − x_nn‖/‖x_nn‖ "
                                  "(median over inputs)", s.images, s.dataset, s.random_inputs));
  for (const std::string& note : lin.notes) out.notes.push_back("linear part: " + note);
  return out;
}

}  // namespace memo::mem
