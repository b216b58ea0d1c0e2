#include "lib/experiments/mem/reconstruction.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "datasets/image_set.hpp"
#include "datasets/selection.hpp"
#include "lib/dynamics/nearest_example.hpp"

namespace memo::mem {

namespace {

struct TrainTest {
  Mat train, test;
  int side = 0;
};

// mnist (or any one set): disjoint train and test images drawn from it; fashion-mnist: its
// training images and its own test set.
TrainTest load_train_test(const ReconstructionSettings& s, std::uint64_t seed) {
  if (s.dataset != "fashion-mnist") {
    const ImageSplit split = split_images(load_image_set(s.dataset), s.train_images, s.test_images, seed);
    return {split.train, split.starts, split.side};
  }
  const ImageSet train = load_image_set("fashion-mnist"), test = load_image_set("fashion-mnist-test");
  if (s.train_images > train.size())
    throw Error(fmt::format("--train-images {}: fashion-mnist has {} training images", s.train_images, train.size()));
  if (s.test_images > test.size())
    throw Error(fmt::format("--test-images {}: fashion-mnist has {} test images", s.test_images, test.size()));
  return {image_columns(train, select_examples(train.labels, {.count = s.train_images, .seed = seed})),
          image_columns(test, select_examples(test.labels, {.count = s.test_images, .seed = run_seed(seed, 1)})),
          train.height};
}

// Whether each column of P lies within reach·‖x‖ of its nearest training image x.
std::vector<bool> at_training_image(const Mat& X, const Mat& P, const NearestExamples& nearest, double reach) {
  std::vector<bool> at;
  for (Eigen::Index j = 0; j < P.cols(); ++j) at.push_back(nearest.distance(j) < reach * X.col(nearest.index[j]).norm());
  return at;
}

double mse(const Mat& Y, const Mat& T) { return (Y - T).squaredNorm() / static_cast<double>(T.size()); }

}  // namespace

std::vector<std::pair<std::string, ReconstructionSettings>> reconstruction_presets() {
  ReconstructionSettings paper;
  paper.net.tol = 0.00117;  // "trained to convergence": until the epoch's loss is the paper's train MSE
  paper.net.max_epochs = 1000;
  // Fewer digits, narrower, lr 1e-3 in batches of 64 (Adam at 1e-4 leaves the mean image after
  // 15 epochs): under 2 minutes.
  ReconstructionSettings quick = paper;
  quick.train_images = 2000;
  quick.test_images = 500;
  quick.net.width = 256;
  quick.net.lr = 1e-3;
  quick.net.batch_size = 64;
  quick.net.max_epochs = 60;
  quick.starts = 50;
  ReconstructionSettings fashion = paper;  // the paper's 50,000 training images
  fashion.dataset = "fashion-mnist";
  fashion.train_images = 50000;
  fashion.test_images = 10000;
  return {{"quick", quick}, {"paper", paper}, {"fashion-paper", fashion}};
}

ExperimentResult run_reconstruction(const ReconstructionSettings& s, const ExperimentContext& context) {
  for (size_t k = 1; k < s.snapshots.size(); ++k)
    if (s.snapshots[k] <= s.snapshots[k - 1])
      throw Error(fmt::format("--snapshots: {} after {}: expected ascending iterations", s.snapshots[k], s.snapshots[k - 1]));
  if (s.starts > s.test_images)
    throw Error(fmt::format("--starts {}: expected at most --test-images ({})", s.starts, s.test_images));
  const TrainTest data = load_train_test(s, context.seed);

  Checkpointing checkpoint;
  if (!context.out.empty()) {
    const std::filesystem::path folder = std::filesystem::path(context.out) / "checkpoints";
    std::filesystem::create_directories(folder);
    Json identity = settings_json(s);
    identity.erase("checkpoint_minutes");  // a resumed run may checkpoint at another pace
    checkpoint = {.path = (folder / "training.checkpoint").string(), .every_minutes = s.checkpoint_minutes,
                  .identity = fmt::format("mem-reconstruction seed {} {}", context.seed, identity.dump())};
  }
  const FcAutoencoder trained =
      train_fc_autoencoder(data.train, s.net, run_seed(context.seed, 2), context.quiet, checkpoint, true);
  if (!checkpoint.path.empty()) {  // the training removed its checkpoint; the folder goes too when nothing else is in it
    std::error_code not_empty;
    std::filesystem::remove(std::filesystem::path(checkpoint.path).parent_path(), not_empty);
  }
  const TrainResult& training = trained.training;
  const double train_mse = training.final_loss;
  const Mat reconstructed = forward(trained.net, data.test);
  const double test_mse = mse(reconstructed, data.test);

  // Iterating f from test images.
  const Mat starts = data.test.leftCols(s.starts);
  std::vector<int> at{0};
  at.insert(at.end(), s.snapshots.begin(), s.snapshots.end());
  const Snapshots snaps = iterate_snapshots(mlp_map(trained.net), starts, at);
  const Mat& ends = snaps.points.back();
  const NearestExamples start_nn = nearest_examples(data.train, starts), end_nn = nearest_examples(data.train, ends);
  const std::vector<bool> start_at = at_training_image(data.train, starts, start_nn, s.reach);
  const std::vector<bool> end_at = at_training_image(data.train, ends, end_nn, s.reach);
  int away = 0, ended = 0, ended_at_start_nearest = 0, diverged = 0;
  ExperimentResult out;
  out.rows = CsvTable({"start", "reconstruction_mse", "nearest_training_to_start", "start_distance_relative",
                       "end_training", "end_distance_relative", "steps", "diverged"});
  std::vector<Eigen::Index> ending_first;  // the strip: trajectories that end at a training image first
  for (Eigen::Index j = 0; j < starts.cols(); ++j) {
    const bool ends_at = end_at[j] && !snaps.diverged[j];
    away += !start_at[j];
    ended += ends_at && !start_at[j];
    ended_at_start_nearest += ends_at && !start_at[j] && end_nn.index[j] == start_nn.index[j];
    diverged += snaps.diverged[j];
    if (ends_at && !start_at[j]) ending_first.push_back(j);
    out.rows.add_row({static_cast<long>(j), mse(reconstructed.col(j), starts.col(j)),
                      static_cast<long>(start_nn.index[j]), start_nn.distance(j) / data.train.col(start_nn.index[j]).norm(),
                      ends_at ? static_cast<long>(end_nn.index[j]) : -1L,
                      end_nn.distance(j) / data.train.col(end_nn.index[j]).norm(), static_cast<long>(snaps.steps[j]),
                      snaps.diverged[j] ? 1L : 0L});
  }
  for (Eigen::Index j = 0; j < starts.cols(); ++j)
    if (std::find(ending_first.begin(), ending_first.end(), j) == ending_first.end()) ending_first.push_back(j);
  const double ended_share = away > 0 ? static_cast<double>(ended) / away : 0.0;

  const std::string paper_note = s.dataset == "mnist" ? "" : " (MNIST)";
  out.comparisons.push_back(compare_range("train MSE", ".00117" + paper_note, std::nullopt, train_mse, 0, 2 * 0.00117));
  out.comparisons.push_back(compare_range("test MSE", ".00159" + paper_note, std::nullopt, test_mse, 0, 2 * 0.00159));
  out.comparisons.push_back(compare_range(fmt::format("test trajectories that end at a training image after {} "
                                                      "iterations (of those starting away from one)",
                                                      s.snapshots.back()),
                                          "some (Fig. 11)", std::nullopt, ended, 1, std::max(1, away)));
  out.measured = {{"train_mse", train_mse},
                  {"test_mse", test_mse},
                  {"epochs", training.epochs},
                  {"steps", training.steps},
                  {"training_seconds", training.seconds},
                  {"seconds_per_epoch", training.epochs > 0 ? training.seconds / training.epochs : 0.0},
                  {"starts", s.starts},
                  {"starts_at_a_training_image", s.starts - away},
                  {"ended_at_a_training_image", ended},
                  {"ended_share_of_starts_away", ended_share},
                  {"ended_at_start_nearest", ended_at_start_nearest},
                  {"diverged", diverged}};

  // Figures: the training loss per epoch; a strip of test images, their reconstructions,
  // their iterates and the training image nearest the end.
  std::string curve;
  for (size_t e = 0; e + 1 < training.loss_history.size(); ++e)
    curve += fmt::format("{} {:.9g}\n", e + 1, training.loss_history[e]);
  out.files.emplace_back("loss.dat", curve);
  out.figures.push_back(
      {"loss.png",
       fmt::format("set terminal pngcairo size 800,500 noenhanced\nset logscale y\nset xlabel 'epoch'\n"
                   "set ylabel 'MSE'\nset title 'MEM Fig. 11: {} × {} on {} {} images (batches of {})'\n"
                   "plot '$OUT/loss.dat' using 1:2 with lines lw 2 title 'training loss (epoch mean)', "
                   "{:.9g} with lines dt 2 title 'test MSE {:.3g}', 0.00117 with lines dt 3 title 'paper train .00117', "
                   "0.00159 with lines dt 4 title 'paper test .00159'\n",
                   s.net.depth, s.net.width, data.train.cols(), s.dataset, s.net.batch_size, test_mse, test_mse)});
  std::vector<std::vector<Vec>> strip;
  for (int k = 0; k < std::min(s.shown, s.starts); ++k) {
    const Eigen::Index j = ending_first[k];
    std::vector<Vec> row{starts.col(j), reconstructed.col(j)};
    for (size_t t = 1; t < snaps.points.size(); ++t) row.push_back(snaps.points[t].col(j));
    row.push_back(data.train.col(end_nn.index[j]));
    strip.push_back(row);
  }
  std::string columns = "test image, f(image)";
  for (size_t t = 1; t < s.snapshots.size(); ++t) columns += fmt::format(", f^{}", s.snapshots[t]);
  out.files.emplace_back("trajectories.csv", matrix_csv(tile_images(strip, data.side)));
  out.figures.push_back({"trajectories.png",
                         tiled_images_script("$OUT/trajectories.csv",
                                             columns + ", nearest training image to the end (ending ones first)",
                                             1000, 110 * static_cast<int>(strip.size()) + 80)});
  out.notes.push_back(fmt::format("{} {} training images, {} test images; {} × {} {}, {} lr {:g}, batches of {}, {} epochs "
                                  "({} steps, {:.1f} s per epoch)",
                                  data.train.cols(), s.dataset, data.test.cols(), s.net.depth, s.net.width, s.net.act,
                                  s.net.optimizer, s.net.lr, s.net.batch_size, training.epochs, training.steps,
                                  training.epochs > 0 ? training.seconds / training.epochs : 0.0));
  out.notes.push_back(fmt::format("at a training image x: ‖z − x‖ < {:g}·‖x‖; {} of {} starts are there already and are "
                                  "not counted; {} of the {} trajectories that end at one end at the start's nearest "
                                  "training image",
                                  s.reach, s.starts - away, s.starts, ended_at_start_nearest, ended));
  if (s.dataset != "mnist") out.notes.push_back("the paper's MSE values are for MNIST");
  return out;
}

}  // namespace memo::mem
