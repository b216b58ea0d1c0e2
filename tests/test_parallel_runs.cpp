// parallel_runs (lib/compute/parallel.hpp), the one loop over independent runs: every run once,
// the first exception carried out after all runs finished, runs inside a run done one after
// another on that thread; and jacobians() and spectra(), which use it, agree with one point at
// a time.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "lib/compute/parallel.hpp"
#include "lib/core/random.hpp"
#include "lib/dynamics/jacobian.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/nn/mlp.hpp"

using namespace memo;

TEST_CASE("parallel_runs runs every run once and carries the first exception out after all ran") {
  for (int threads : {1, 2, 0}) {
    std::vector<std::atomic<int>> runs(40);
    parallel_runs(40, threads, [&](int i) { ++runs[i]; });
    for (auto& r : runs) CHECK(r == 1);
    std::atomic<int> finished{0};
    CHECK_THROWS_WITH_AS(parallel_runs(40, threads,
                                       [&](int i) {
                                         ++finished;
                                         if (i == 7) throw std::out_of_range("run 7 failed");
                                       }),
                         "run 7 failed", std::out_of_range);
    CHECK(finished == 40);
  }
}

TEST_CASE("parallel_runs inside a run runs its runs on that run's thread, one thread for passes") {
  std::vector<std::thread::id> outer(4), inner(4 * 3);
  std::vector<int> inner_pass_threads(4 * 3);
  parallel_runs(4, 2, [&](int i) {
    outer[i] = std::this_thread::get_id();
    parallel_runs(3, 2, [&](int j) {
      inner[3 * i + j] = std::this_thread::get_id();
      inner_pass_threads[3 * i + j] = pass_threads();
    });
  });
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) {
      CHECK(inner[3 * i + j] == outer[i]);
      CHECK(inner_pass_threads[3 * i + j] == 1);
    }
}

TEST_CASE("jacobians and spectra over many points equal one point at a time") {
  Rng rng(9);
  const Mlp net = make_mlp({6, 40, 6}, parse_activation("sigmoid"), Parametrization::standard, true, rng);
  const Mat X = random_normal(6, 9, rng);
  const std::vector<Mat> all = jacobians(net, X);
  REQUIRE(all.size() == 9u);
  const std::vector<Spectrum> s = spectra(all);
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    CAPTURE(i);
    const Mat one = jacobian(net, Vec(X.col(i)));
    CHECK((all[i] - one).norm() <= 1e-14 * one.norm());
    CHECK(s[i].spectral_radius == doctest::Approx(spectrum(one).spectral_radius).epsilon(1e-12));
  }
}
