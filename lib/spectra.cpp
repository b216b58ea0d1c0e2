#include "lib/spectra.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace memo {

ComplexVec eigenvalues(const Mat& J) {
  if (J.rows() != J.cols()) throw Error("eigenvalues of a non-square matrix " + shape_string(J));
  if (!J.allFinite()) throw Error("eigenvalues of a matrix with NaN or infinite entries");
  Eigen::EigenSolver<Mat> solver(J, /*computeEigenvectors=*/false);
  if (solver.info() != Eigen::Success) throw Error("the eigensolver did not converge");
  ComplexVec values = solver.eigenvalues();
  std::sort(values.data(), values.data() + values.size(),
            [](const auto& a, const auto& b) { return std::abs(a) > std::abs(b); });
  return values;
}

double spectral_radius(const Mat& J) {
  const ComplexVec values = eigenvalues(J);
  return values.size() ? std::abs(values(0)) : 0.0;
}

Vec singular_values(const Mat& J) {
  if (!J.allFinite()) throw Error("singular values of a matrix with NaN or infinite entries");
  return Eigen::JacobiSVD<Mat>(J).singularValues();  // already decreasing
}

double operator_norm(const Mat& J) {
  const Vec s = singular_values(J);
  return s.size() ? s(0) : 0.0;
}

int count_near_unit_modulus(const ComplexVec& values, double tol) {
  int count = 0;
  for (const auto& v : values) count += std::abs(std::abs(v) - 1.0) < tol;
  return count;
}

}  // namespace memo
