// AM Tables S1/S2 and Fig. S4 (lib/experiments/am/attractor_table, spurious_optimizers) at a
// tiny size: what must hold there. Prop. 1 ties the two attractor tests together: a copy can
// only be recovered by iteration at an example whose fixed point attracts.
#include <doctest/doctest.h>

#include "lib/experiments/am/attractor_table.hpp"
#include "lib/experiments/am/spurious_optimizers.hpp"
#include "tests/tiny_mnist.hpp"

using namespace memo;

namespace {

am::AttractorTableSettings tiny() {
  am::AttractorTableSettings s = am::optimizers_table_presets().front().second;
  s.examples = 4;
  s.downsample = 7;  // 4×4 images
  s.depth = 2;
  s.width = 32;
  s.activations = "selu,cosid";
  s.optimizers = "adam";
  s.adaptive_lr = 1e-3;
  s.max_epochs = 4000;
  s.max_iterations = 500;
  return s;
}

}  // namespace

TEST_CASE("attractor table at a tiny size: cells trained, counts bounded, Prop. 1 holds, same bits twice") {
  testing::TinyMnist data("am-b-tables", 40, 28, 3);
  const am::AttractorTableSettings s = tiny();
  const ExperimentResult r = am::run_attractor_table(s, {.seed = 3, .threads = 1});
  const Json& cells = r.measured.at("cells");
  REQUIRE(cells.size() == 2);
  int trained = 0;
  for (const Json& cell : cells) {
    CHECK(cell.at("converged").get<bool>());
    trained += cell.at("converged").get<bool>();
    CHECK(cell.at("final_loss").get<double>() < s.tol);
    const int attractors = cell.at("attractors").get<int>();
    CHECK(attractors >= 0);
    CHECK(attractors <= 4);
    // a recovered copy ends at an attracting fixed point (AM Prop. 1), so recovered ≤ attractors
    CHECK(cell.at("recovered_non_attractors").get<int>() == 0);
    CHECK(cell.at("recovered").get<int>() <= attractors);
    // the images listed as not attractors are exactly the complement of the count
    std::istringstream listed(cell.at("non_attractors").get<std::string>());
    int non = 0;
    for (int i; listed >> i;) ++non;
    CHECK(non == 4 - attractors);
  }
  CHECK(cells[0].at("paper").get<std::string>() == "30/100");  // Table S1, SELU × Adam
  CHECK(cells[1].at("paper").get<std::string>() == "100/100");  // Table S1, cos z − z × Adam
  CHECK(r.comparison("trained cells with attractors").measured <= trained);
  CHECK(r.comparison("recovered copies of non-attractors").measured == 0);
  const ExperimentResult again = am::run_attractor_table(s, {.seed = 3, .threads = 1});
  CHECK(again.measured.dump() == r.measured.dump());
}

TEST_CASE("attractor table: Table S2's entries by init, NA for an unfinished training, bad names are errors") {
  testing::TinyMnist data("am-b-tables", 40, 28, 3);
  am::AttractorTableSettings s = tiny();
  s.activations = "relu";
  s.inits = "uniform:0.01,uniform:0.15";
  s.max_epochs = 3;  // cannot reach 1e-5: NA
  const ExperimentResult r = am::run_attractor_table(s, {.seed = 1, .threads = 1});
  const Json& cells = r.measured.at("cells");
  REQUIRE(cells.size() == 2);
  CHECK(cells[0].at("paper").get<std::string>() == "62/100");
  CHECK(cells[1].at("paper").get<std::string>() == "34/100");
  CHECK_FALSE(cells[0].at("converged").get<bool>());
  CHECK(r.comparisons.at(0).quantity.find("NA") != std::string::npos);
  CHECK_FALSE(r.comparison("trained cells with attractors").agrees);  // no trained cell: nothing shown
  s.optimizers = "lbfgs";
  CHECK_THROWS_AS(am::run_attractor_table(s, {.seed = 1, .threads = 1}), Error);
  s.optimizers = "adam";
  s.activations = "relu,";
  CHECK_THROWS_AS(am::run_attractor_table(s, {.seed = 1, .threads = 1}), Error);
}

TEST_CASE("spurious optimizers at a tiny size: the headline counts trained optimizers with non-attractors") {
  testing::TinyMnist data("am-b-tables", 40, 28, 3);
  am::AttractorTableSettings s = am::spurious_optimizers_presets().front().second;
  s.examples = 4;
  s.downsample = 7;
  s.depth = 2;
  s.width = 32;
  s.optimizers = "gd,adam";
  s.adaptive_lr = 1e-3;
  s.max_epochs = 4000;
  s.max_iterations = 500;
  const ExperimentResult r = am::run_spurious_optimizers(s, {.seed = 2, .threads = 1});
  const Json& cells = r.measured.at("cells");
  REQUIRE(cells.size() == 2);
  int trained = 0, with_spurious = 0;
  for (const Json& cell : cells) {
    const bool converged = cell.at("converged").get<bool>();
    trained += converged;
    with_spurious += converged && cell.at("attractors").get<int>() < 4;
  }
  CHECK(r.measured.at("optimizers_trained").get<int>() == trained);
  CHECK(r.comparison("optimizers with spurious").measured == with_spurious);
  CHECK(r.comparisons.at(1).paper.empty());  // no Table S1 values beside other learning rates
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].first == "spurious.csv");
  CHECK(r.figures.size() == 1);
  CHECK_THROWS_AS(r.comparison("trained cells with attractors"), Error);
}
