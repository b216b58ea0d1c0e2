// am-images, am-spurious and am-sequences at tiny sizes, on a small image set written as
// "mnist" into a temporary data folder (4 images of every digit class, 12 × 12 random pixels).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "lib/experiments/am/images.hpp"
#include "lib/experiments/am/sequences.hpp"
#include "lib/experiments/am/spurious.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

namespace {

am::ImageMemorySettings tiny_network() {
  am::ImageMemorySettings s;
  s.examples = 4;
  s.downsample = 2;  // 6 × 6
  s.depth = 10;
  s.width = 128;
  return s;
}

}  // namespace

TEST_CASE("am-images at a tiny size: 4 images stored as attractors, the curves beside 1-NN, same bits twice") {
  testing::TinyMnist data("am-a", 40, 12, 5);
  am::ImagesSettings s = am::images_presets().front().second;
  s.network = tiny_network();
  s.copies = 4;
  s.curve_copies = 3;
  s.noise_stds = {0.0, 0.05};
  s.square_sides = {2};
  s.pixel_fractions = {0.0, 0.2};
  s.strip_steps = 3;
  const ExperimentResult r = am::run_images(s, {.seed = 0, .threads = 1});
  const Json& m = r.measured;
  REQUIRE(m.at("converged").get<bool>());
  CHECK(r.comparison("examples that are attractors").measured == 4);
  CHECK(r.comparison("examples that are attractors").agrees);
  CHECK(m.at("largest_spectral_radius").get<double>() < 1);
  CHECK(m.at("image_side").get<int>() == 6);
  REQUIRE(r.rows.rows() == 5);
  const Json& curves = m.at("curves");
  // no corruption at all: each copy is its own image, so 1-NN is exact and iteration from x_i
  // ends at the attractor x_i* next to it (‖x_i* − x_i‖ ≪ the distance between images)
  for (int level : {0, 3}) {
    CHECK(curves[level].at("level").get<double>() == 0);
    CHECK(curves[level].at("nearest_neighbour").get<double>() == 1);
    CHECK(curves[level].at("network").get<double>() == 1);
  }
  CHECK(curves[2].at("corruption").get<std::string>() == "square");
  // the strips: 3 rows of (3 iterates + limit + original) images of 6 × 6, one pixel apart
  REQUIRE(r.files.size() == 1);
  CHECK(std::count(r.files[0].second.begin(), r.files[0].second.end(), '\n') == 3 * 7);
  s.square_sides = {7};
  CHECK_THROWS_AS(am::run_images(s, {.seed = 0, .threads = 1}), Error);
  s.square_sides = {2};
  CHECK(am::run_images(s, {.seed = 0, .threads = 1}).rows.str() == r.rows.str());
}

TEST_CASE("am-spurious at a tiny size: every start is classified, and held-out images exclude the training set") {
  testing::TinyMnist data("am-a", 40, 12, 5);
  am::SpuriousSettings s = am::spurious_presets().front().second;
  s.network = tiny_network();
  s.test_starts = 36;  // all 40 images but the 4 trained
  s.uniform_starts = 10;
  s.gaussian_starts = 10;
  const ExperimentResult r = am::run_spurious(s, {.seed = 0, .threads = 1});
  const Json& m = r.measured;
  REQUIRE(m.at("converged").get<bool>());
  CHECK(r.comparison("examples that are attractors").agrees);
  CHECK(m.at("total_starts").get<long>() == 56);
  long classified = 0;
  for (const Json& set : m.at("starts")) {
    const long sum = set.at("training_example").get<long>() + set.at("spurious_fixed_point").get<long>() +
                     set.at("cycle").get<long>() + set.at("diverged").get<long>() + set.at("undecided").get<long>();
    CHECK(sum == set.at("count").get<long>());
    classified += sum;
  }
  CHECK(classified == 56);
  CHECK(r.rows.rows() == 3);
  CHECK(m.at("spurious_attractors").get<int>() <= m.at("spurious_limits").get<int>());
  CHECK(r.comparison("spurious attractors").measured == m.at("spurious_attractors").get<int>());
  s.test_starts = 37;
  CHECK_THROWS_AS(am::run_spurious(s, {.seed = 0, .threads = 1}), Error);
}

TEST_CASE("am-sequences at a tiny size: two digit sequences stored as stable limit cycles, plane basins consistent") {
  testing::TinyMnist data("am-a", 40, 12, 5);
  am::SequencesSettings s = am::sequences_presets().front().second;
  s.downsample = 2;
  s.digits_depth = 10;
  s.digits_width = 64;
  s.noise_starts = 6;
  s.cycles = 2;
  s.plane_depth = 10;
  s.plane_width = 64;
  s.plane_act = "selu";
  s.grid = 6;
  s.lr = 1e-3;
  const ExperimentResult r = am::run_sequences(s, {.seed = 0, .threads = 1});
  const Json& m = r.measured;
  REQUIRE(r.comparison("networks trained").agrees);
  REQUIRE(r.rows.rows() == 4);
  CHECK(r.comparison("digit cycles stable").measured == 2);
  CHECK(r.comparison("digit sequences recovered").measured == 2);
  // every noise start ended on one of the two stored digit cycles
  const std::vector<int> per_cycle = m.at("noise_starts_per_cycle").get<std::vector<int>>();
  CHECK(per_cycle[0] + per_cycle[1] == 6);
  CHECK(m.at("digits_orbit_offset").get<double>() < 0.1);
  // In the plane (small networks store only some cycles stably at this size): the count agrees
  // with the per-cycle ρ, and only a stable cycle can gather grid starts (Prop. 2)
  int stable = 0;
  for (const Json& c : m.at("cycles")) {
    if (c.at("part").get<std::string>() != "4c plane") continue;
    const bool attracting = c.at("spectral_radius").get<double>() < 1;
    stable += attracting;
    if (!attracting) CHECK(c.at("starts_reaching").get<int>() == 0);
  }
  CHECK(r.comparison("plane cycles stable").measured == stable);
  CHECK(stable >= 1);
}
