#include "lib/dynamics/corruption.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "lib/cli/parse.hpp"
#include <numeric>

namespace memo {

namespace {

int image_side_of(const Corruption& c, Eigen::Index d) {
  if (c.image_side == 0) {  // one channel: d must be a perfect square
    const auto side = static_cast<Eigen::Index>(std::llround(std::sqrt(static_cast<double>(d))));
    if (side * side != d)
      throw Error(fmt::format("square corruption: dimension {} is not a square image; give the image side", d));
    return static_cast<int>(side);
  }
  const Eigen::Index area = static_cast<Eigen::Index>(c.image_side) * c.image_side;
  if (c.image_side < 0 || d % area != 0)
    throw Error(fmt::format("square corruption: dimension {} is not a whole number of {}×{} images", d,
                            c.image_side, c.image_side));
  return c.image_side;
}

}  // namespace

Corruption parse_corruption(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos)
    throw Error(fmt::format("corruption '{}': expected gaussian:STD, uniform:A, square:SIDE[,VALUE] or "
                            "pixels:FRACTION[,LO,HI]", text));
  const std::string kind = text.substr(0, colon);
  const std::vector<double> v = parse_number_list(text.substr(colon + 1), fmt::format("corruption '{}'", text));
  Corruption c;
  c.amount = v[0];
  auto expect = [&](size_t lo, size_t hi) {
    if (v.size() < lo || v.size() > hi)
      throw Error(fmt::format("corruption '{}': {} takes {} to {} numbers", text, kind, lo, hi));
  };
  if (kind == "gaussian") {
    c.kind = CorruptionKind::gaussian;
    expect(1, 1);
  } else if (kind == "uniform") {
    c.kind = CorruptionKind::uniform;
    expect(1, 1);
  } else if (kind == "square") {
    c.kind = CorruptionKind::square;
    expect(1, 2);
    if (v.size() == 2) c.value = v[1];
    if (c.amount != std::floor(c.amount) || c.amount < 1)
      throw Error(fmt::format("corruption '{}': the square side must be a positive integer", text));
  } else if (kind == "pixels") {
    c.kind = CorruptionKind::pixels;
    if (v.size() != 1 && v.size() != 3)
      throw Error(fmt::format("corruption '{}': pixels takes FRACTION or FRACTION,LO,HI", text));
    if (v.size() == 3) c.noise_lo = v[1], c.noise_hi = v[2];
    if (c.amount > 1) throw Error(fmt::format("corruption '{}': the fraction must be in [0, 1]", text));
  } else {
    throw Error(fmt::format("corruption '{}': unknown kind '{}' (gaussian, uniform, square, pixels)", text, kind));
  }
  if (c.amount < 0) throw Error(fmt::format("corruption '{}': the amount must be >= 0", text));
  return c;
}

std::string corruption_name(const Corruption& c) {
  switch (c.kind) {
    case CorruptionKind::gaussian: return fmt::format("gaussian:{:g}", c.amount);
    case CorruptionKind::uniform: return fmt::format("uniform:{:g}", c.amount);
    case CorruptionKind::square: return fmt::format("square:{:g},{:g}", c.amount, c.value);
    case CorruptionKind::pixels:
      return c.noise_lo == 0 && c.noise_hi == 0 ? fmt::format("pixels:{:g}", c.amount)
                                                : fmt::format("pixels:{:g},{:g},{:g}", c.amount, c.noise_lo, c.noise_hi);
  }
  return "?";
}

Mat corrupt(const Mat& X, const Corruption& c, Rng& rng) {
  const Eigen::Index d = X.rows();
  switch (c.kind) {
    case CorruptionKind::gaussian: return X + random_normal(d, X.cols(), rng, c.amount);
    case CorruptionKind::uniform: return X + random_uniform(d, X.cols(), rng, -c.amount, c.amount);
    case CorruptionKind::square: {
      const int side = image_side_of(c, d);
      const int square = static_cast<int>(c.amount);
      if (square > side) throw Error(fmt::format("square corruption: side {} exceeds the image side {}", square, side));
      const Eigen::Index channels = d / (static_cast<Eigen::Index>(side) * side);
      Mat Y = X;
      std::uniform_int_distribution<int> corner(0, side - square);
      for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const int top = corner(rng), left = corner(rng);  // the square lies inside the image
        for (Eigen::Index ch = 0; ch < channels; ++ch)
          for (int r = top; r < top + square; ++r)
            Y.col(j).segment(ch * side * side + static_cast<Eigen::Index>(r) * side + left, square).setConstant(c.value);
      }
      return Y;
    }
    case CorruptionKind::pixels: {
      double lo = c.noise_lo, hi = c.noise_hi;
      if (lo == 0 && hi == 0) lo = X.minCoeff(), hi = X.maxCoeff();
      const Eigen::Index replaced = std::llround(c.amount * static_cast<double>(d));
      std::uniform_real_distribution<double> noise(lo, hi);
      std::vector<Eigen::Index> order(d);
      Mat Y = X;
      for (Eigen::Index j = 0; j < X.cols(); ++j) {
        std::iota(order.begin(), order.end(), Eigen::Index{0});
        // A uniformly random subset of `replaced` coordinates: partial Fisher–Yates.
        for (Eigen::Index i = 0; i < replaced; ++i) {
          std::uniform_int_distribution<Eigen::Index> pick(i, d - 1);
          std::swap(order[i], order[pick(rng)]);
          Y(order[i], j) = noise(rng);
        }
      }
      return Y;
    }
  }
  return X;
}

CorruptedSet corrupted_copies(const Mat& X, const Corruption& c, int copies, Rng& rng) {
  if (copies < 1) throw Error(fmt::format("corrupted copies: {} per example, expected >= 1", copies));
  CorruptedSet set;
  Mat repeated(X.rows(), X.cols() * copies);
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    for (int k = 0; k < copies; ++k) {
      repeated.col(i * copies + k) = X.col(i);
      set.source.push_back(static_cast<int>(i));
    }
  set.points = corrupt(repeated, c, rng);
  return set;
}

}  // namespace memo
