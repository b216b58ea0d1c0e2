#include "lib/dynamics/dynamical_map.hpp"

#include <fmt/format.h>

namespace memo {

namespace {

void check_points(const DynamicalMap& f, const Mat& X, const char* what) {
  if (X.rows() != f.dim)
    throw Error(fmt::format("{}: points of dimension {}, the map acts on dimension {}", what, X.rows(), f.dim));
}

}  // namespace

DynamicalMap mlp_map(const Mlp& net) {
  if (net.input_dim() != net.output_dim())
    throw Error(fmt::format("a network iterated as a map needs equal input and output widths, got {} and {}",
                            net.input_dim(), net.output_dim()));
  const Mlp* p = &net;
  DynamicalMap f{net.input_dim(), [p](const Mat& X) { return forward(*p, X); },
                 [p](const Mat& X) { return memo::jacobians(*p, X); }, {}};
  if (net.layers.size() >= 2 && net.layers.front().weight.value.rows() < net.input_dim())
    f.spectra = [p](const Mat& X, bool keep_eigenvalues) {
      return spectra_of(int(X.cols()), [&](int i) {
        const FactoredJacobian J = factored_jacobian(*p, Vec(X.col(i)));
        return spectrum_of_product(J.A, J.B, keep_eigenvalues);
      });
    };
  return f;
}

std::vector<Spectrum> spectra_at(const DynamicalMap& f, const Mat& points, bool keep_eigenvalues) {
  if (f.spectra) return f.spectra(points, keep_eigenvalues);
  return spectra(f.jacobians(points), keep_eigenvalues);
}

DynamicalMap tape_map(TapeMap f, int dim) {
  auto apply = [f, dim](const Mat& X) {
    Tape tape;
    const Var Y = f(tape, tape.constant(X));
    const Mat& value = tape.val(Y);
    if (value.rows() != dim || value.cols() != X.cols())
      throw Error(fmt::format("tape map returned {} for input {}", shape_string(value), shape_string(X)));
    return value;
  };
  auto jacobians = [f, dim](const Mat& X) {
    std::vector<Mat> out;
    out.reserve(X.cols());
    for (Eigen::Index i = 0; i < X.cols(); ++i) out.push_back(jacobian(f, Vec(X.col(i)), dim));
    return out;
  };
  return {dim, apply, jacobians};
}

DynamicalMap linear_map(const Mat& A, const Vec& b) {
  if (A.rows() != A.cols()) throw Error("linear_map: A must be square, got " + shape_string(A));
  if (b.size() != 0 && b.size() != A.rows())
    throw Error(fmt::format("linear_map: offset of size {}, expected {}", b.size(), A.rows()));
  auto apply = [A, b](const Mat& X) {
    Mat Y = A * X;
    if (b.size()) Y.colwise() += b;
    return Y;
  };
  auto jacobians = [A](const Mat& X) { return std::vector<Mat>(X.cols(), A); };
  return {static_cast<int>(A.rows()), apply, jacobians};
}

Mat jacobian(const DynamicalMap& f, const Vec& x) {
  check_points(f, x, "jacobian");
  return f.jacobians(Mat(x)).front();
}

Mat apply_times(const DynamicalMap& f, const Mat& X, int k) {
  check_points(f, X, "apply_times");
  if (k < 0) throw Error(fmt::format("apply_times: k = {}, expected k >= 0", k));
  Mat Y = X;
  for (int i = 0; i < k; ++i) Y = f.apply(Y);
  return Y;
}

Mat orbit(const DynamicalMap& f, const Vec& x, int n) {
  check_points(f, x, "orbit");
  if (n < 1) throw Error(fmt::format("orbit of length {}, expected >= 1", n));
  Mat points(f.dim, n);
  points.col(0) = x;
  for (int i = 1; i < n; ++i) points.col(i) = f.apply(Mat(points.col(i - 1))).col(0);
  return points;
}

Vec newton_fixed_point(const DynamicalMap& f, const Vec& x0, double tol, int max_steps) {
  check_points(f, x0, "newton_fixed_point");
  Vec x = x0;
  for (int step = 0; step <= max_steps; ++step) {
    const Vec residual = f.apply(Mat(x)).col(0) - x;
    if (!residual.allFinite()) break;
    if (residual.norm() < tol) return x;
    if (step == max_steps) break;
    const Mat A = jacobian(f, x) - Mat::Identity(f.dim, f.dim);
    x -= A.fullPivLu().solve(residual);
  }
  throw Error(fmt::format("Newton's method found no fixed point within {} steps (tolerance {:g})", max_steps, tol));
}

Mat chain_jacobian(const DynamicalMap& f, const Mat& orbit_points) {
  check_points(f, orbit_points, "chain_jacobian");
  const std::vector<Mat> Js = f.jacobians(orbit_points);  // all points at once (in parallel)
  Mat product = Js.front();
  for (size_t i = 1; i < Js.size(); ++i) product = Js[i] * product;
  return product;
}

Mat power_jacobian(const DynamicalMap& f, const Vec& x, int n) { return chain_jacobian(f, orbit(f, x, n)); }

std::vector<double> orbit_spectral_radii(const DynamicalMap& f, const std::vector<Mat>& orbits) {
  std::vector<size_t> fixed, longer;
  for (size_t i = 0; i < orbits.size(); ++i) (orbits[i].cols() == 1 ? fixed : longer).push_back(i);
  std::vector<double> radii(orbits.size());
  Mat fixed_points(f.dim, Eigen::Index(fixed.size()));
  for (size_t i = 0; i < fixed.size(); ++i) fixed_points.col(Eigen::Index(i)) = orbits[fixed[i]].col(0);
  const std::vector<Spectrum> at_fixed = spectra_at(f, fixed_points);
  for (size_t i = 0; i < fixed.size(); ++i) radii[fixed[i]] = at_fixed[i].spectral_radius;
  std::vector<Mat> chains;
  for (const size_t i : longer) chains.push_back(chain_jacobian(f, orbits[i]));
  const std::vector<Spectrum> along_chains = spectra(chains);
  for (size_t i = 0; i < longer.size(); ++i) radii[longer[i]] = along_chains[i].spectral_radius;
  return radii;
}

}  // namespace memo
