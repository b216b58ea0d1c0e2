// mem-recovery (MEM Fig. 4) at a tiny size on a synthetic image set, through the sweep runner:
// R_t of one network recomputed here by plain repeated forward passes and a direct search over
// starts and training images, and the table's shape.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "lib/core/random.hpp"
#include "lib/experiments/mem/recovery.hpp"
#include "lib/sweep/sweep.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

TEST_CASE("mem-recovery at a tiny size: R_t equals a direct count over starts and training images") {
  testing::TinyMnist data("mem-fc-recovery", 20, 4, 8);
  mem::RecoverySettings s = mem::recovery_presets().front().second;
  s.images = 4;
  s.starts = 12;
  s.widths = {16, 32};
  s.fixed_depth = 2;
  s.depths = {1, 3};
  s.fixed_width = 16;
  s.iterations = {1, 3, 30};
  s.epsilon = 0.3;
  s.net.lr = 1e-3;
  s.net.tol = 1e-6;
  s.net.max_epochs = 4000;
  const ExperimentResult r = mem::run_recovery(s, {.seed = 5});
  REQUIRE(r.rows.rows() == 4 * 3);

  // Point 0 of the sweep (width 16, depth 2), repetition 0, retrained from the sweep's seed.
  const ImageSet set = load_image_set("mnist");
  const mem::ImageSplit split = mem::split_images(set, s.images, s.starts, 5);
  mem::FcNetworkSettings net = s.net;
  net.width = 16;
  net.depth = 2;
  const Json point{{"panel", "width"}, {"width", 16}, {"depth", 2}};
  const mem::FcAutoencoder trained = mem::train_fc_autoencoder(split.train, net, sweep::run_seed(5, point, 0), true);
  const std::vector<double> reported = r.measured.at("networks").at(0).at("R_t_median");
  Mat P = split.starts;
  int t = 0;
  for (size_t k = 0; k < s.iterations.size(); ++k) {
    for (; t < s.iterations[k]; ++t) P = forward(trained.net, P);
    int recovered = 0;
    for (Eigen::Index i = 0; i < split.train.cols(); ++i) {
      bool hit = false;
      for (Eigen::Index j = 0; j < P.cols(); ++j)
        hit = hit || (P.col(j) - split.train.col(i)).norm() < s.epsilon * split.train.col(i).norm();
      recovered += hit;
    }
    CHECK(reported[k] == doctest::Approx(recovered / 4.0));
  }
  for (const Json& network : r.measured.at("networks"))
    for (double R : network.at("R_t_median").get<std::vector<double>>()) CHECK((R >= 0 && R <= 1));
}
