// Iteration and classification of trajectories on maps with known dynamics: a hand-built 2-D
// map (two attractors, a repeller, a 2-cycle, divergence), a linear projector, and the
// chain-rule Jacobian of f^n (AM Prop. 1–2).
#include <doctest/doctest.h>

#include "lib/dynamics/iteration.hpp"
#include "lib/dynamics/limit_cycles.hpp"
#include "lib/nn/train.hpp"
#include "lib/dynamics/spectra.hpp"
#include "tests/hand_built_map.hpp"

using namespace memo;
using namespace memo::testing;

namespace {

Mat columns(std::initializer_list<std::pair<double, double>> points) {
  Mat P(2, static_cast<Eigen::Index>(points.size()));
  Eigen::Index j = 0;
  for (const auto& [x, y] : points) P(0, j) = x, P(1, j) = y, ++j;
  return P;
}

}  // namespace

TEST_CASE("hand-built map: the analytic Jacobian equals central differences") {
  const DynamicalMap f = hand_built_map();
  for (const auto& [x, y] : {std::pair{0.3, 0.2}, {-1.7, 0.9}, {1.2, -0.4}, {-2.0, 1.0}}) {
    const Vec p = Vec::Map(std::array{x, y}.data(), 2);
    CHECK((jacobian(f, p) - numeric_jacobian(f, p)).norm() < 1e-8);
  }
}

TEST_CASE("hand-built map: two attractors, a repeller, a 2-cycle and divergence are told apart (AM rule)") {
  const DynamicalMap f = hand_built_map();
  const Mat examples = columns({{0, 0}});  // (2, 0) is an attractor that was not trained: spurious
  const Mat starts = columns({{0.3, 0.2}, {1.7, -0.3}, {-1.8, -0.5}, {4, 0}, {1, 0}, {-0.5, 0.5}, {2.3, 0.4}});
  const IterationResult r = iterate(f, starts, examples, am_criterion(2000));

  CHECK(r.ends[0].kind == LimitKind::training_example);
  CHECK(r.ends[0].example == 0);
  CHECK(r.final_points.col(0).norm() < 1e-7);
  CHECK(r.ends[5].kind == LimitKind::training_example);

  // (2, 0): a spurious fixed point that the eigenvalue criterion calls an attractor.
  REQUIRE(r.ends[1].kind == LimitKind::spurious_fixed_point);
  const Limit& two = r.limits[r.ends[1].limit];
  CHECK((two.points.col(0) - Vec::Map(std::array{2.0, 0.0}.data(), 2)).norm() < 1e-7);
  CHECK(two.spectral_radius == doctest::Approx(hand_m(2)).epsilon(1e-6));
  CHECK(two.attracting());
  CHECK(r.ends[6].limit == r.ends[1].limit);  // the same limit reached from another start
  CHECK(two.starts == 2);

  // The exact 2-cycle {(−2, ±1)}: J_{f²} = J(p2) J(p1) has ρ = g'(−2)² = 0.04.
  REQUIRE(r.ends[2].kind == LimitKind::cycle);
  CHECK(r.ends[2].period == 2);
  const Limit& cycle = r.limits[r.ends[2].limit];
  CHECK(cycle.example == -1);
  CHECK(cycle.spectral_radius == doctest::Approx(0.04).epsilon(1e-6));
  CHECK(std::abs(std::abs(cycle.points(1, 0)) - 1) < 1e-7);
  CHECK(cycle.points(1, 0) == doctest::Approx(-cycle.points(1, 1)));

  CHECK(r.ends[3].kind == LimitKind::diverged);
  CHECK(r.ends[3].steps == 3);  // 4 → −32 → 1.67e6 → ~1e29, past the 1e8 bound at step 3
  // The repeller, started exactly on it: a fixed point, and the eigenvalue test says repelling.
  REQUIRE(r.ends[4].kind == LimitKind::spurious_fixed_point);
  const Limit& repeller = r.limits[r.ends[4].limit];
  CHECK(repeller.spectral_radius == doctest::Approx(2.0).epsilon(1e-6));
  CHECK_FALSE(repeller.attracting());
  CHECK(r.ends[4].steps == 1);
  CHECK(r.limits.size() == 3);

  // find_spurious_limits reports the same three limits (none passes through an example).
  CHECK(find_spurious_limits(f, starts, examples, am_criterion(2000)).size() == 3);
}

TEST_CASE("batch iteration = one point at a time, and undecided trajectories stop at the limit") {
  const DynamicalMap f = hand_built_map();
  const Mat examples = columns({{0, 0}, {2, 0}});
  Rng rng(5);
  const Mat starts = random_uniform(2, 40, rng, -2.5, 2.5);
  const IterationResult batch = iterate(f, starts, examples, am_criterion(3000));
  for (Eigen::Index j = 0; j < starts.cols(); ++j) {
    const IterationResult single = iterate(f, starts.col(j), examples, am_criterion(3000));
    CHECK(single.ends[0].kind == batch.ends[j].kind);
    CHECK(single.ends[0].steps == batch.ends[j].steps);
    CHECK(single.ends[0].example == batch.ends[j].example);
    // and the final point is f^steps(start), computed independently
    CHECK((apply_times(f, starts.col(j), batch.ends[j].steps) - batch.final_points.col(j)).norm() < 1e-12);
  }
  CHECK(batch.count(LimitKind::undecided) == 0);
  CHECK(batch.count_example(0) + batch.count_example(1) + batch.count(LimitKind::cycle) +
            batch.count(LimitKind::diverged) + batch.count(LimitKind::spurious_fixed_point) ==
        40);
  CHECK(batch.count_example(0) > 0);
  CHECK(batch.count_example(1) > 0);

  const IterationResult cut = iterate(f, starts.leftCols(3), examples, am_criterion(3));
  for (int j = 0; j < 3; ++j) {
    CHECK(cut.ends[j].kind == LimitKind::undecided);
    CHECK(cut.ends[j].steps == 3);
    CHECK((apply_times(f, starts.col(j), 3) - cut.final_points.col(j)).norm() < 1e-12);
  }
}

TEST_CASE("NTK rule: recovered at the first step whose MSE to the example is below 1e-2") {
  const DynamicalMap f = hand_built_map();
  const Mat examples = columns({{0, 0}, {2, 0}});
  const Mat starts = columns({{0.6, 0.5}, {1.5, 0.3}, {-1.8, -0.5}});
  const IterationResult r = iterate(f, starts, examples, ntk_criterion(50));
  for (int j = 0; j < 2; ++j) {
    // reference: plain loop over single points
    Mat x = starts.col(j);
    int k = 0;
    double mse = 0;
    do {
      x = f.apply(x), ++k;
      mse = (x - examples.col(j)).squaredNorm() / 2;
    } while (mse >= 1e-2);
    CHECK(r.ends[j].kind == LimitKind::training_example);
    CHECK(r.ends[j].example == j);
    CHECK(r.ends[j].steps == k);
    CHECK(k > 1);
  }
  CHECK(r.ends[2].kind == LimitKind::cycle);  // the 2-cycle is still a cycle under the NTK rule
  const IterationResult short_run = iterate(f, starts.col(0), examples, ntk_criterion(1));
  CHECK(short_run.ends[0].kind == LimitKind::undecided);
}

TEST_CASE("an orbit approaching a fixed point with eigenvalue −0.99 is not mistaken for a 2-cycle") {
  Mat A(2, 2);
  A << -0.99, 0, 0, 0.5;
  const DynamicalMap f = linear_map(A);
  const IterationResult r = iterate(f, Mat(Vec::Ones(2)), Mat(Vec::Zero(2)), am_criterion(10000));
  CHECK(r.ends[0].kind == LimitKind::training_example);
}

TEST_CASE("linear map: Jacobian A; a projector sends every start to its projection in one step") {
  Rng rng(11);
  const int d = 6, rank = 3;
  const Mat Q = random_normal(d, rank, rng).householderQr().householderQ() * Mat::Identity(d, rank);
  const Mat P = Q * Q.transpose();
  const DynamicalMap f = linear_map(P);
  CHECK((jacobian(f, random_normal(d, 1, rng).col(0)) - P).norm() == 0);
  const Mat starts = random_normal(d, 5, rng);
  const IterationResult r = iterate(f, starts, Mat(d, 0), am_criterion(100));
  for (int j = 0; j < 5; ++j) {
    CHECK(r.ends[j].kind == LimitKind::spurious_fixed_point);
    CHECK(r.ends[j].steps == 2);  // x → Px, then P(Px) = Px
    CHECK((r.final_points.col(j) - P * starts.col(j)).norm() < 1e-12);
  }
  // Fixed points of a projector are not isolated: eigenvalues 1 (×rank) and 0, ρ = 1.
  CHECK(r.limits.size() == 5);
  CHECK(r.limits[0].spectral_radius == doctest::Approx(1.0));
  CHECK_FALSE(r.limits[0].attracting());
  // With training examples in the range, a start = example + orthogonal noise recovers it.
  const Mat examples = Q * random_normal(rank, 4, rng);
  const Mat noisy = examples + (Mat::Identity(d, d) - P) * random_normal(d, 4, rng);
  const IterationResult recovered = iterate(f, noisy, examples, am_criterion(100));
  for (int j = 0; j < 4; ++j) CHECK(recovered.ends[j].example == j);
}

TEST_CASE("chain-rule Jacobian of f^n = finite differences of f^n = A^n for a linear map") {
  const DynamicalMap f = hand_built_map();
  for (const auto& [x, y] : {std::pair{0.4, 0.3}, {-1.6, 0.7}}) {
    const Vec p = Vec::Map(std::array{x, y}.data(), 2);
    const Mat chained = power_jacobian(f, p, 3);
    CHECK((chained - numeric_jacobian(f, p, 3)).norm() / chained.norm() < 1e-7);
    // orbit and chain_jacobian agree with the hand product J(x3) J(x2) J(x1)
    const Mat o = orbit(f, p, 3);
    const Mat hand = hand_map_jacobian(o(0, 2), o(1, 2)) * hand_map_jacobian(o(0, 1), o(1, 1)) *
                     hand_map_jacobian(o(0, 0), o(1, 0));
    CHECK((chained - hand).norm() < 1e-14 * hand.norm());
  }
  Rng rng(2);
  const Mat A = random_normal(4, 4, rng) / 2;
  const Vec x = random_normal(4, 1, rng);
  const Mat A5 = A * A * A * A * A;
  CHECK((power_jacobian(linear_map(A), x, 5) - A5).norm() < 1e-13 * A5.norm());
}

TEST_CASE("sequence encoder targets and stored cycles (AM Prop. 2)") {
  Mat X(1, 6);
  X << 0, 1, 2, 3, 4, 5;
  const Mat Y = sequence_targets(X, {3, 1, 2});
  Mat expected(1, 6);
  expected << 1, 2, 0, 3, 5, 4;
  CHECK(Y == expected);
  CHECK_THROWS_AS(sequence_targets(X, {3, 2}), Error);
  CHECK_THROWS_AS(sequence_targets(X, {3, 0, 3}), Error);

  // The hand map stores the 2-cycle {(−2, 1), (−2, −1)} exactly and the fixed point (0, 0).
  const Mat stored = columns({{-2, 1}, {-2, -1}, {0, 0}});
  const std::vector<StoredCycle> cycles = stored_cycles(hand_built_map(), stored, {2, 1});
  REQUIRE(cycles.size() == 2);
  CHECK(cycles[0].max_error == 0);
  CHECK(cycles[0].spectral_radius == doctest::Approx(0.04).epsilon(1e-12));
  CHECK(cycles[0].stable());
  CHECK(cycles[1].spectral_radius == doctest::Approx(0.8));
  // Iterating from near the cycle ends on it, and the cycle is recognised as stored.
  const IterationResult r = iterate(hand_built_map(), columns({{-1.9, 0.8}}), stored, am_criterion(1000));
  REQUIRE(r.ends[0].kind == LimitKind::cycle);
  CHECK(r.ends[0].example >= 0);
  CHECK(r.ends[0].example <= 1);
  CHECK(find_spurious_limits(hand_built_map(), columns({{-1.9, 0.8}}), stored, am_criterion(1000)).empty());
}

TEST_CASE("large batches are cut into pieces with the same result") {
  // max_period 2·10^6 makes the history budget allow only 8 starts per piece (d = 2).
  const DynamicalMap f = hand_built_map();
  const Mat examples = columns({{0, 0}, {2, 0}});
  Rng rng(12);
  const Mat starts = random_uniform(2, 37, rng, -2.5, 2.5);
  IterationCriterion pieces = am_criterion(3000);
  pieces.max_period = 2'000'000;
  const IterationResult whole = iterate(f, starts, examples, am_criterion(3000));
  const IterationResult cut = iterate(f, starts, examples, pieces);
  REQUIRE(cut.ends.size() == 37);
  for (int j = 0; j < 37; ++j) {
    CHECK(cut.ends[j].kind == whole.ends[j].kind);
    CHECK(cut.ends[j].steps == whole.ends[j].steps);
    CHECK(cut.ends[j].period == whole.ends[j].period);
  }
  CHECK(cut.final_points == whole.final_points);
  CHECK(cut.limits.size() == whole.limits.size());
}

TEST_CASE("Newton's method finds attracting and repelling fixed points of the hand-built map") {
  const DynamicalMap f = hand_built_map();
  const auto at = [](double x, double y) { return Vec(Vec::Map(std::array{x, y}.data(), 2)); };
  CHECK((newton_fixed_point(f, at(0.9, 0.1)) - at(1, 0)).norm() < 1e-12);    // the repeller
  CHECK((newton_fixed_point(f, at(1.8, -0.2)) - at(2, 0)).norm() < 1e-12);   // an attractor
  CHECK((newton_fixed_point(f, at(-0.1, 0.05)) - at(0, 0)).norm() < 1e-12);  // the other one
  CHECK_THROWS_AS(newton_fixed_point(f, at(50, 0), 1e-12, 5), Error);
}

TEST_CASE("slow contraction: AM's 1e-7 match misses the example unless the limit is polished by Newton") {
  Mat A(2, 2);
  A << 0.999, 0, 0, 0.5;  // x_k = 0.999^k x_0: stops ~1e-8·0.999/0.001 ≈ 1e-5 from the fixed point 0
  const DynamicalMap f = linear_map(A);
  const Mat start = Vec::Ones(2), example = Vec::Zero(2);
  const IterationResult plain = iterate(f, start, example, am_criterion(100000));
  REQUIRE(plain.ends[0].kind == LimitKind::spurious_fixed_point);
  CHECK(plain.limits[0].nearest_distance == doctest::Approx(1e-5).epsilon(0.01));
  CHECK(plain.limits[0].spectral_radius == doctest::Approx(0.999));
  IterationCriterion polish = am_criterion(100000);
  polish.newton_polish = true;
  const IterationResult polished = iterate(f, start, example, polish);
  CHECK(polished.ends[0].kind == LimitKind::training_example);
  CHECK(polished.ends[0].example == 0);
  CHECK(polished.ends[0].steps == plain.ends[0].steps);
  CHECK(polished.limits[0].nearest_distance < 1e-14);
  CHECK(find_spurious_limits(f, start, example, polish).empty());
}

TEST_CASE("a batch costs one call of f per step, whatever its size") {
  DynamicalMap f = hand_built_map();
  int calls = 0;
  long columns_seen = 0;
  const auto apply = f.apply;
  f.apply = [&](const Mat& X) {
    ++calls, columns_seen += X.cols();
    return apply(X);
  };
  Rng rng(13);
  const Mat starts = random_uniform(2, 50, rng, -2.5, 2.5);
  IterationCriterion criterion = am_criterion(3000);
  criterion.eigenvalue_test = false;  // limits need extra orbit calls; count iteration only
  const IterationResult r = iterate(f, starts, Mat(2, 0), criterion);
  int longest = 0;
  long total_steps = 0;
  for (const auto& e : r.ends) longest = std::max(longest, e.steps), total_steps += e.steps;
  const int orbit_calls = [&] {  // orbit() of each distinct cycle applies f period − 1 times
    int n = 0;
    for (const Limit& l : r.limits) n += l.period - 1;
    return n;
  }();
  CHECK(calls == longest + orbit_calls);
  CHECK(columns_seen == total_steps + orbit_calls);  // finished trajectories leave the batch
}

TEST_CASE("a trained sequence encoder stores two cycles (lengths 3 and 2) that iteration falls into") {
  Mat X(2, 5);
  X << 0.8, -0.6, 0.1, 0.5, -0.4,
       0.2, 0.5, -0.9, 0.9, -0.3;
  const std::vector<int> lengths{3, 2};
  Rng rng(1);
  Mlp net = make_mlp({2, 64, 64, 64, 2}, parse_activation("tanh"), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = 1e-3}, parameters(net));
  const TrainResult fit =
      train(net, X, sequence_targets(X, lengths), LossKind::mse, adam, {.tol = 1e-14, .max_epochs = 5000, .quiet = true});
  REQUIRE(fit.converged());
  const DynamicalMap f = mlp_map(net);
  const std::vector<StoredCycle> stored = stored_cycles(f, X, lengths);
  REQUIRE(stored.size() == 2);
  for (const StoredCycle& c : stored) {
    CHECK(c.max_error < 1e-6);
    CHECK(c.stable());  // measured: ρ(J_{f^3}) ≈ 0.20, ρ(J_{f^2}) ≈ 0.27 for this seed
  }
  // Started near each stored point, iteration ends on that point's cycle, with its period.
  IterationCriterion criterion = am_criterion(5000);
  criterion.match_tol = 1e-5;  // the stored points are fitted to ~2e-7, not to 1e-7
  const IterationResult r = iterate(f, X.array() + 0.05, X, criterion);
  const int cycle_of[5] = {0, 0, 0, 1, 1};
  REQUIRE(r.limits.size() == 2);
  for (int j = 0; j < 5; ++j) {
    CAPTURE(j);
    REQUIRE(r.ends[j].kind == LimitKind::cycle);
    CHECK(r.ends[j].period == lengths[cycle_of[j]]);
    REQUIRE(r.ends[j].example >= 0);
    CHECK(cycle_of[r.ends[j].example] == cycle_of[j]);
    // the cycle's J_{f^p} along its own orbit ≈ the chain product along the stored points
    CHECK(r.limits[r.ends[j].limit].spectral_radius ==
          doctest::Approx(stored[cycle_of[j]].spectral_radius).epsilon(1e-4));
  }
  CHECK(find_spurious_limits(f, X.array() + 0.05, X, criterion).empty());
}
