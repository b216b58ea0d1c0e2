// Selection (determinism, balance, classes, sequences) and preprocessing (mean, norm,
// downsampling, binarising) against hand-computed values and exact identities.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "datasets/preprocess.hpp"
#include "datasets/selection.hpp"

using namespace memo;

namespace {

// 10 classes of unequal sizes, shuffled: label of example i.
std::vector<int> toy_labels() {
  std::vector<int> labels;
  for (int c = 0; c < 10; ++c) labels.insert(labels.end(), 20 + 3 * c, c);
  Rng rng(1);
  for (size_t i = labels.size() - 1; i > 0; --i) std::swap(labels[i], labels[uniform_index(rng, i + 1)]);
  return labels;
}

std::map<int, int> count_labels(const std::vector<int>& labels, const std::vector<Eigen::Index>& chosen) {
  std::map<int, int> counts;
  for (Eigen::Index i : chosen) ++counts[labels[i]];
  return counts;
}

}  // namespace

TEST_CASE("mt19937_64 is the standard's generator: its 10000th output is fixed by C++ [rand.predef]") {
  Rng rng;  // default seed 5489
  rng.discard(9999);
  CHECK(rng() == 9981545732273789042ULL);
}

TEST_CASE("uniform_index is uniform: frequencies of 0..6 over 70,000 draws") {
  Rng rng(7);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[uniform_index(rng, 7)];
  double chi2 = 0;
  for (int c : counts) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
  CHECK(chi2 < 22.5);  // χ² with 6 degrees of freedom: P(> 22.5) ≈ 1e-3
  CHECK_THROWS_AS(uniform_index(rng, 0), Error);
}

TEST_CASE("selection is a function of its settings and seed; smaller counts are prefixes") {
  const std::vector<int> labels = toy_labels();
  const auto a = select_examples(labels, {.count = 50, .seed = 3});
  CHECK(a == select_examples(labels, {.count = 50, .seed = 3}));
  CHECK(a != select_examples(labels, {.count = 50, .seed = 4}));
  const auto prefix = select_examples(labels, {.count = 20, .seed = 3});
  CHECK(std::equal(prefix.begin(), prefix.end(), a.begin()));
  CHECK(std::set<Eigen::Index>(a.begin(), a.end()).size() == 50);
  // every example is equally likely: over many seeds each index appears ≈ count/size of the time
  std::vector<int> hits(labels.size(), 0);
  for (std::uint64_t seed = 0; seed < 2000; ++seed)
    for (Eigen::Index i : select_examples(labels, {.count = 10, .seed = seed})) ++hits[i];
  const double expected = 2000.0 * 10 / labels.size();  // ≈ 44.9
  CHECK(*std::min_element(hits.begin(), hits.end()) > expected * 0.4);
  CHECK(*std::max_element(hits.begin(), hits.end()) < expected * 1.7);
}

TEST_CASE("balanced selection and restriction to classes") {
  const std::vector<int> labels = toy_labels();
  const auto balanced = select_examples(labels, {.count = 25, .seed = 9, .balanced = true});
  const auto counts = count_labels(labels, balanced);
  for (int c = 0; c < 10; ++c) CHECK(counts.at(c) == (c < 5 ? 3 : 2));
  for (size_t k = 0; k < 10; ++k) CHECK(labels[balanced[k]] == int(k));  // classes take turns
  CHECK(std::set<Eigen::Index>(balanced.begin(), balanced.end()).size() == 25);

  const auto some = select_examples(labels, {.count = 30, .seed = 2, .balanced = true, .classes = {7, 2}});
  CHECK(count_labels(labels, some) == std::map<int, int>{{2, 15}, {7, 15}});
  const auto all_of_two = select_examples(labels, {.count = 20 + 23, .seed = 2, .classes = {0, 1}});
  CHECK(count_labels(labels, all_of_two) == std::map<int, int>{{0, 20}, {1, 23}});

  CHECK_THROWS_WITH_AS(select_examples(labels, {.count = 44, .classes = {0, 1}}), doctest::Contains("only 43"), Error);
  CHECK_THROWS_WITH_AS(select_examples(labels, {.count = 42, .balanced = true, .classes = {0, 1}}),
                       doctest::Contains("class 0 has only 20"), Error);
  CHECK_THROWS_WITH_AS(select_examples(labels, {.count = 1, .classes = {12}}), doctest::Contains("class 12"), Error);
  CHECK_THROWS_AS(select_examples({}, {.count = 1}), Error);
}

TEST_CASE("sequences: one example per label in the given order, all distinct") {
  const std::vector<int> labels = toy_labels();
  std::vector<int> order{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};  // AM Fig. 4b's two sequences
  const auto seq = select_sequence(labels, order, 5);
  REQUIRE(seq.size() == order.size());
  for (size_t k = 0; k < order.size(); ++k) CHECK(labels[seq[k]] == order[k]);
  CHECK(std::set<Eigen::Index>(seq.begin(), seq.end()).size() == order.size());
  CHECK(seq == select_sequence(labels, order, 5));
  CHECK_THROWS_WITH_AS(select_sequence(labels, std::vector<int>(21, 0), 0), doctest::Contains("class 0"), Error);
}

TEST_CASE("mean subtraction and rescaling to norm r (NTK Fig. 4b preprocessing)") {
  Rng rng(4);
  const Mat X = random_uniform(49, 12, rng, 0, 1);
  const Mat centred = subtract_mean(X);
  CHECK(centred.rowwise().sum().cwiseAbs().maxCoeff() < 1e-12);
  CHECK((centred.col(3) - (X.col(3) - X.rowwise().mean())).norm() < 1e-15);
  const Vec other_mean = Vec::Constant(49, 0.5);
  CHECK((subtract_mean(X, other_mean) - (X.array() - 0.5).matrix()).norm() < 1e-15);
  for (double r : {0.1, 1.0, 40.0}) {
    const Mat scaled = rescale_to_norm(centred, r);
    for (Eigen::Index j = 0; j < scaled.cols(); ++j) {
      CHECK(scaled.col(j).norm() == doctest::Approx(r).epsilon(1e-14));
      CHECK(scaled.col(j).dot(centred.col(j)) / (r * centred.col(j).norm()) == doctest::Approx(1).epsilon(1e-14));
    }
  }
  Mat with_zero = X;
  with_zero.col(5).setZero();
  CHECK_THROWS_WITH_AS(rescale_to_norm(with_zero, 1), doctest::Contains("example 5 has norm 0"), Error);
  CHECK_THROWS_AS(rescale_to_norm(X, -1), Error);
  CHECK_THROWS_AS(subtract_mean(X, Vec::Zero(3)), Error);
}

TEST_CASE("downsampling averages blocks; binarising thresholds") {
  Mat image(16, 1);  // a 4×4 image with entry r·4 + c = r·4 + c
  for (int k = 0; k < 16; ++k) image(k, 0) = k;
  const Mat small = downsample(image, 4, 4, 2);
  REQUIRE(small.rows() == 4);
  // top-left block {0,1,4,5} → 2.5, top-right {2,3,6,7} → 4.5, bottom-left {8,9,12,13} → 10.5
  CHECK(small(0, 0) == 2.5);
  CHECK(small(1, 0) == 4.5);
  CHECK(small(2, 0) == 10.5);
  CHECK(small(3, 0) == 12.5);
  CHECK(downsample(image, 4, 4, 1) == image);
  CHECK(downsample(image, 4, 4, 4)(0, 0) == 7.5);
  Rng rng(8);
  const Mat digits = random_uniform(28 * 28, 3, rng, 0, 1);
  const Mat seven = downsample(digits, 28, 28, 4);
  CHECK(seven.rows() == 49);
  CHECK((seven.colwise().mean() - digits.colwise().mean()).cwiseAbs().maxCoeff() < 1e-14);  // mean intensity kept
  Mat dot = Mat::Zero(28 * 28, 1);
  dot(9 * 28 + 22, 0) = 1;  // row 9, column 22 → 14×14 pixel (4, 11)
  CHECK(downsample(dot, 28, 28, 2)(4 * 14 + 11, 0) == 0.25);
  CHECK_THROWS_WITH_AS(downsample(digits, 28, 28, 3), doctest::Contains("factor 3 must divide"), Error);
  CHECK_THROWS_AS(downsample(digits, 27, 28, 1), Error);

  Mat values(4, 1);
  values << 0.2, 0.5, 0.51, 1.0;
  CHECK(binarize(values) == Eigen::Vector4d(0, 0, 1, 1));
  CHECK(binarize(values, 0.1) == Eigen::Vector4d(1, 1, 1, 1));
}
