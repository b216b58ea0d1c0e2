#include "lib/experiments/am/large.hpp"

#include <cmath>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "datasets/image_set.hpp"
#include "datasets/preprocess.hpp"
#include "lib/dynamics/corruption.hpp"
#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/recovery.hpp"
#include "lib/io/csv.hpp"

namespace memo::am {

namespace {

// The held-out images: the whole of `held_out_dataset`, or the images of the training set that
// were not drawn; with held_out > 0, that many of them evenly spaced (the sets are sorted by
// class, so the first ones would all be zeros).
Mat held_out_images(const LargeSettings& s, const std::vector<Eigen::Index>& trained) {
  const bool rest = s.held_out_dataset.empty();
  const ImageSet set = load_image_set(rest ? s.network.dataset : s.held_out_dataset);
  std::vector<bool> used(set.size(), false);
  if (rest)
    for (Eigen::Index i : trained) used[i] = true;
  std::vector<Eigen::Index> unused;
  for (Eigen::Index i = 0; i < set.size(); ++i)
    if (!used[i]) unused.push_back(i);
  std::vector<Eigen::Index> chosen = unused;
  if (s.held_out > 0 && static_cast<size_t>(s.held_out) < unused.size()) {
    chosen.resize(s.held_out);
    for (size_t k = 0; k < chosen.size(); ++k) chosen[k] = unused[k * unused.size() / chosen.size()];
  }
  if (chosen.empty()) throw Error(fmt::format("am-large: no held-out images left in {}", rest ? s.network.dataset : s.held_out_dataset));
  if (set.height % s.network.downsample != 0)
    throw Error(fmt::format("--downsample {}: expected a divisor of the held-out image side {}", s.network.downsample,
                            set.height));
  Mat H = image_columns(set, chosen);
  return s.network.downsample > 1 ? downsample(H, set.height, set.width, s.network.downsample) : H;
}

// Epochs still needed to reach tol, from the least-squares slope of log10(loss) against the
// epoch over the last half of the history; nullopt when the loss does not fall there.
std::optional<double> epochs_to_tol(const std::vector<double>& losses, double tol) {
  const size_t n = losses.size(), first = n / 2;
  if (n < 8) return std::nullopt;
  double st = 0, sy = 0, stt = 0, sty = 0, m = 0;
  for (size_t t = first; t < n; ++t) {
    if (!(losses[t] > 0)) return std::nullopt;
    const double y = std::log10(losses[t]), x = static_cast<double>(t);
    st += x, sy += y, stt += x * x, sty += x * y, m += 1;
  }
  const double slope = (m * sty - st * sy) / (m * stt - st * st);
  if (!(slope < 0)) return std::nullopt;
  const double intercept = (sy - slope * st) / m;
  const double now = static_cast<double>(n - 1);
  return std::max(0.0, (std::log10(tol) - intercept) / slope - now);
}

// Rows of a strip: held-out images, their one-iteration reconstructions f(x), and their nearest
// training images, one blank pixel between images (AM Fig. 7).
Mat reconstruction_strip(const Mat& H, const Mat& FH, const Mat& nearest, int side) {
  const int cell = side + 1;
  const Eigen::Index columns = H.cols();
  Mat mosaic = Mat::Constant(3 * cell, cell * columns, 0.5);
  const Mat* rows[3] = {&H, &FH, &nearest};
  for (int r = 0; r < 3; ++r)
    for (Eigen::Index c = 0; c < columns; ++c)
      for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j) mosaic(r * cell + i, c * cell + j) = (*rows[r])(i * side + j, c);
  return mosaic;
}

}  // namespace

std::vector<std::pair<std::string, LargeSettings>> large_presets() {
  LargeSettings s2;  // AM Fig. 6 table, row "SI Figure S2"
  s2.network.dataset = "mnist";
  s2.network.act = "cosid";
  s2.network.examples = 2000;
  s2.network.downsample = 1;
  s2.network.depth = 10;
  s2.network.width = 2048;
  s2.network.max_epochs = 10000000;
  LargeSettings s3 = s2;  // row "SI Figure S3", Fashion-MNIST for black-and-white CIFAR-10
  s3.network.dataset = "fashion-mnist";
  s3.held_out_dataset = "fashion-mnist-test";
  s3.network.examples = 1000;
  s3.network.init = "uniform:0.02";
  LargeSettings quick = s2;
  quick.network.examples = 10;
  quick.network.downsample = 2;
  quick.network.width = 256;
  quick.network.max_epochs = 20000;
  quick.held_out = 1000;
  return {{"quick", quick}, {"s2", s2}, {"s3", s3}};
}

ExperimentResult run_large(const LargeSettings& s, const ExperimentContext& context) {
  const Corruption corruption = parse_corruption(s.corruption);
  if (!s.held_out_dataset.empty()) {  // checked before the training, not hours after it
    const ImageSet trained = load_image_set(s.network.dataset), held = load_image_set(s.held_out_dataset);
    if (held.height != trained.height || held.width != trained.width)
      throw Error(fmt::format("--held-out-dataset {}: its {}×{} images differ from the {}×{} of {}", s.held_out_dataset,
                              held.height, held.width, trained.height, trained.width, s.network.dataset));
  }
  Rng rng(context.seed);
  Checkpointing checkpoint;
  if (!context.out.empty()) {
    std::filesystem::create_directories(context.out);
    checkpoint.path = context.out + "/training.checkpoint";
    checkpoint.every_minutes = s.checkpoint_minutes;
    checkpoint.rng = &rng;
    Json identity = settings_json(s);
    identity.erase("max_epochs");  // a longer run of the same training may resume it
    identity.erase("checkpoint_minutes");
    checkpoint.identity = fmt::format("am-large seed {} {}", context.seed, identity.dump());
  }
  const ImageMemory m = train_image_memory(s.network, context.seed, rng, context.quiet, checkpoint);
  if (m.fit.status == TrainStatus::diverged) throw Diverged("am-large: " + m.fit.describe());
  const DynamicalMap f = mlp_map(m.net);
  const int n = s.network.examples;

  std::vector<bool> attracting(n);
  for (int i = 0; i < n; ++i) attracting[i] = m.at_fixed_points[i].spectral_radius < 1;
  IterationCriterion criterion = am_criterion(s.max_iterations);
  criterion.newton_polish = true;  // limits are matched to the Newton fixed points x_i*
  const CorruptedSet copies = corrupted_copies(m.X, corruption, s.copies, rng);
  const Recovery recovered = recovery(f, m.fixed_points, copies.points, copies.source, criterion);
  std::vector<int> recovered_copies(n, 0);
  int recovered_non_attractors = 0;
  for (size_t k = 0; k < copies.source.size(); ++k) {
    const TrajectoryEnd& end = recovered.iteration.ends[k];
    const bool own = end.kind == LimitKind::training_example && end.example == copies.source[k];
    recovered_copies[copies.source[k]] += own;
    recovered_non_attractors += end.kind == LimitKind::training_example && !attracting[end.example];
  }

  // One iteration on held-out images against the nearest training image (AM Fig. 7).
  const Mat H = held_out_images(s, m.indices);
  const Mat FH = f.apply(H);
  const double one_iteration = (FH - H).squaredNorm() / static_cast<double>(H.size());
  const NearestExamples nearest = nearest_examples(m.X, H);
  const double nearest_error = nearest.distance.squaredNorm() / static_cast<double>(H.size());
  int beaten = 0;  // held-out images that f(x) reconstructs better than their nearest training image
  for (Eigen::Index j = 0; j < H.cols(); ++j) beaten += (FH.col(j) - H.col(j)).norm() < nearest.distance(j);

  const double epoch_seconds = m.fit.seconds / static_cast<double>(std::max(1L, m.fit.epochs));
  const std::optional<double> remaining = m.fit.converged() ? std::optional<double>(0.0)
                                                            : epochs_to_tol(m.fit.loss_history, s.network.tol);
  const bool s2 = s.network.dataset == "mnist" && n == 2000 && s.network.width == 2048 && s.network.depth == 10 &&
                  s.network.downsample == 1;

  ExperimentResult out;
  Comparison attractors =
      compare_abs("training images that are attractors", "all", std::nullopt, m.attractors, n, 0);
  attractors.tolerance = fmt::format("all {}, trained to MSE < {:g}", n, s.network.tol);
  attractors.agrees = attractors.agrees && m.fit.converged();
  out.comparisons.push_back(attractors);
  Comparison held = compare_range("held-out one-iteration error (per-pixel MSE)", s2 ? "0.0135" : "", std::nullopt,
                                  one_iteration, 0, nearest_error);
  held.tolerance = fmt::format("below the nearest training image's {:.4g}", nearest_error);
  out.comparisons.push_back(held);
  out.comparisons.push_back(compare_abs("recovered copies of non-attractors", "0 (AM Prop. 1)", 0.0,
                                        recovered_non_attractors, 0, 0));

  out.rows = CsvTable({"image", "spectral_radius", "attractor", "fixed_point_offset", "copies_recovered"});
  for (int i = 0; i < n; ++i)
    out.rows.add_row({static_cast<long>(m.indices[i]), m.at_fixed_points[i].spectral_radius,
                      static_cast<long>(attracting[i]), (m.fixed_points.col(i) - m.X.col(i)).norm(),
                      static_cast<long>(recovered_copies[i])});
  out.measured = {{"training", m.fit.describe()},
                  {"converged", m.fit.converged()},
                  {"epochs", m.fit.epochs},
                  {"final_loss", m.fit.final_loss},
                  {"epoch_seconds", epoch_seconds},
                  {"estimated_remaining_epochs", remaining ? Json(*remaining) : Json(nullptr)},
                  {"attractors", m.attractors},
                  {"newton_failures", m.newton_failures},
                  {"largest_spectral_radius", m.largest_spectral_radius},
                  {"max_fixed_point_offset", m.max_fixed_point_offset},
                  {"held_out_images", H.cols()},
                  {"held_out_one_iteration_error", one_iteration},
                  {"held_out_nearest_training_error", nearest_error},
                  {"held_out_better_than_nearest", static_cast<double>(beaten) / static_cast<double>(H.cols())},
                  {"recovery_rate", recovered.rate()},
                  {"spurious_limits", recovered.iteration.count(LimitKind::spurious_fixed_point)},
                  {"undecided", recovered.iteration.count(LimitKind::undecided)}};
  if (!m.fit.converged())
    out.notes.push_back(fmt::format("not trained to tol: {}; {:.3g} s per epoch, {}", m.fit.describe(), epoch_seconds,
                                    remaining ? fmt::format("about {:.3g} more epochs to MSE {:g} at the slope of the "
                                                            "last half (≈ {:.3g} h)",
                                                            *remaining, s.network.tol, *remaining * epoch_seconds / 3600)
                                              : std::string("the loss does not fall over the last half: no estimate")));
  out.notes.push_back(s.held_out_dataset.empty()
                          ? fmt::format("held out: {} {} images not trained on (AM: 58,000 MNIST test images)",
                                        H.cols(), s.network.dataset)
                          : fmt::format("held out: {} {} images", H.cols(), s.held_out_dataset));
  if (s.network.dataset == "fashion-mnist")
    out.notes.push_back("Fashion-MNIST stands in for black-and-white CIFAR-10, which is not available here");

  // The loss curve, at most ~2000 points.
  CsvTable loss({"epoch", "loss"});
  const size_t stride = std::max<size_t>(1, m.fit.loss_history.size() / 2000);
  for (size_t t = 0; t < m.fit.loss_history.size(); t += stride)
    loss.add_row({static_cast<long>(t), m.fit.loss_history[t]});
  out.files.emplace_back("loss.csv", loss.str());
  const Eigen::Index shown = std::min<Eigen::Index>(s.strip_images, H.cols());
  Mat nearest_images(H.rows(), shown);
  Mat shown_images(H.rows(), shown), shown_reconstructions(H.rows(), shown);
  for (Eigen::Index j = 0; j < shown; ++j) {  // spread over the held-out set, which is sorted by class
    const Eigen::Index k = j * H.cols() / shown;
    shown_images.col(j) = H.col(k);
    shown_reconstructions.col(j) = FH.col(k);
    nearest_images.col(j) = m.X.col(nearest.index[k]);
  }
  out.files.emplace_back("strip.csv", matrix_csv(reconstruction_strip(shown_images, shown_reconstructions,
                                                                      nearest_images, m.side)));
  out.figures.push_back(
      {"strip.png",
       "set output '$OUT/strip.png'\nunset key\nunset colorbox\nunset xtics\nunset ytics\n"
       "set datafile separator ','\nset size ratio -1\nset palette grey\nset cbrange [0:1]\nset yrange [*:*] reverse\n"
       "set title 'AM Fig. 7: held-out images (top), f(x) after one iteration, nearest training image'\n"
       "plot '$OUT/strip.csv' matrix with image\n"});
  out.figures.push_back(
      {"spectral_radius.png",
       "set output '$OUT/spectral_radius.png'\nset datafile separator ','\nset multiplot layout 1,2\n"
       "set title 'rho(J_f) at the training images fixed points'\nset xlabel 'spectral radius'\nset ylabel 'images'\n"
       "set style fill solid 0.5\nunset key\nbin(x) = 0.02 * floor(x / 0.02)\n"
       "plot '$OUT/results.csv' every ::1 using (bin($2)):(1) smooth frequency with boxes\n"
       "set title 'training loss (Adam)'\nset xlabel 'epoch'\nset ylabel 'MSE'\nset logscale y\n"
       "plot '$OUT/loss.csv' every ::1 using 1:2 with lines\nunset multiplot\n"});
  return out;
}

}  // namespace memo::am
