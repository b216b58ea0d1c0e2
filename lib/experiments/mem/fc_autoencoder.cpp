#include "lib/experiments/mem/fc_autoencoder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "datasets/selection.hpp"
#include "lib/nn/optimizer.hpp"

namespace memo::mem {

std::vector<int> fc_widths(int dim, const FcNetworkSettings& s) {
  std::vector<int> widths{dim};
  for (int l = 0; l < s.depth; ++l) widths.push_back(s.width);
  widths.push_back(dim);
  return widths;
}

Mlp make_fc_autoencoder(int dim, const FcNetworkSettings& s, Rng& rng) {
  Mlp net = make_mlp(fc_widths(dim, s), parse_activation(s.act), Parametrization::standard, true, rng);
  if (s.init != "default") initialize(net, s.init, rng);
  return net;
}

FcAutoencoder train_fc_autoencoder(const Mat& X, const FcNetworkSettings& s, std::uint64_t seed, bool quiet,
                                   const Checkpointing& checkpoint, bool keep_history) {
  Rng rng(seed);
  FcAutoencoder out{make_fc_autoencoder(static_cast<int>(X.rows()), s, rng), {}};
  Optimizer optimizer(make_optimizer_config(s.optimizer, s.lr), parameters(out.net));
  out.training = train(out.net, X, X, LossKind::mse, optimizer,
                       {.tol = s.tol, .max_epochs = s.max_epochs, .quiet = quiet, .keep_history = keep_history,
                        .checkpoint = checkpoint, .batch_size = s.batch_size, .shuffle_seed = run_seed(seed, 1)});
  if (out.training.status == TrainStatus::diverged)
    throw Diverged(fmt::format("training diverged at epoch {} (--lr {:g} with --optimizer {}): expected a smaller --lr",
                               out.training.epochs, s.lr, s.optimizer));
  return out;
}

Snapshots iterate_snapshots(const DynamicalMap& f, const Mat& starts, const std::vector<int>& at, double step_tol) {
  for (size_t k = 0; k < at.size(); ++k)
    if (at[k] < 0 || (k > 0 && at[k] < at[k - 1]))
      throw Error(fmt::format("snapshot iterations {}: expected ascending numbers ≥ 0", at[k]));
  const Eigen::Index n = starts.cols();
  Snapshots out;
  out.steps.assign(n, 0);
  out.diverged.assign(n, false);
  Mat current = starts;
  std::vector<Eigen::Index> active(n);
  for (Eigen::Index j = 0; j < n; ++j) active[j] = j;
  int t = 0;
  for (const int target : at) {
    for (; t < target && !active.empty(); ++t) {
      const Mat next = f.apply(current(Eigen::all, active));
      std::vector<Eigen::Index> still;
      for (size_t a = 0; a < active.size(); ++a) {
        const Eigen::Index j = active[a];
        const bool finite = next.col(a).allFinite() && next.col(a).norm() < 1e8;
        if (!finite) {
          out.diverged[j] = true;
          continue;
        }
        const double step = (next.col(a) - current.col(j)).norm();
        current.col(j) = next.col(a);
        ++out.steps[j];
        if (step >= step_tol) still.push_back(j);
      }
      active = std::move(still);
    }
    out.points.push_back(current);
  }
  return out;
}

ImageSplit split_images(const ImageSet& set, int train, int starts, std::uint64_t seed) {
  if (set.height != set.width) throw Error(fmt::format("{}: expected square images", set.name));
  if (static_cast<Eigen::Index>(train) + starts > set.size())
    throw Error(fmt::format("{} training and {} start images: expected at most {} together ({} has {})", train, starts,
                            set.size(), set.name, set.size()));
  const std::vector<Eigen::Index> chosen = select_examples(set.labels, {.count = train + starts, .seed = seed});
  const Mat all = image_columns(set, chosen);
  return {all.leftCols(train), all.rightCols(starts), set.height};
}

std::string matrix_text(const Mat& m) { return fmt::format("{}", fmt::join(m.data(), m.data() + m.size(), " ")); }

Mat matrix_from_text(const std::string& text, Eigen::Index rows, Eigen::Index cols) {
  Mat m(rows, cols);
  const char* at = text.c_str();
  for (Eigen::Index k = 0; k < m.size(); ++k) {
    char* end = nullptr;
    m.data()[k] = std::strtod(at, &end);
    if (end == at) throw Error(fmt::format("a matrix as text holds {} numbers, expected {} ({}×{})", k, m.size(), rows, cols));
    at = end;
  }
  return m;
}

Mat tile_images(const std::vector<std::vector<Vec>>& tiles, int side, double gap) {
  size_t columns = 0;
  for (const auto& row : tiles) columns = std::max(columns, row.size());
  const Eigen::Index rows = static_cast<Eigen::Index>(tiles.size());
  const Eigen::Index cols = static_cast<Eigen::Index>(columns);
  Mat out = Mat::Constant(rows * (side + 1) + 1, cols * (side + 1) + 1, gap);
  for (Eigen::Index r = 0; r < rows; ++r)
    for (size_t c = 0; c < tiles[r].size(); ++c) {
      const Vec& image = tiles[r][c];
      if (image.size() != static_cast<Eigen::Index>(side) * side)
        throw Error(fmt::format("tile of {} pixels: expected {}", image.size(), side * side));
      for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
          out(1 + r * (side + 1) + y, 1 + static_cast<Eigen::Index>(c) * (side + 1) + x) = image(y * side + x);
    }
  return out;
}

std::string tiled_images_script(const std::string& csv, const std::string& title, int width_px, int height_px) {
  return fmt::format(
      "set terminal pngcairo size {},{} noenhanced\nset datafile separator ','\nset title \"{}\"\nunset key\n"
      "unset colorbox\nset size ratio -1\nset yrange [*:*] reverse\nunset xtics\nunset ytics\nset palette grey\n"
      "set cbrange [0:1]\nplot '{}' matrix with image\n",
      width_px, height_px, title, csv);
}

}  // namespace memo::mem
