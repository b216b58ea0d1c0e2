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

Spectrum spectrum(const Mat& J, bool keep_eigenvalues) {
  Spectrum s;
  ComplexVec values = eigenvalues(J);
  s.spectral_radius = values.size() ? std::abs(values(0)) : 0.0;
  s.operator_norm = operator_norm(J);
  if (keep_eigenvalues) s.eigenvalues = std::move(values);
  return s;
}

std::vector<Spectrum> spectra(const std::vector<Mat>& Js, bool keep_eigenvalues) {
  std::vector<Spectrum> out(Js.size());
  std::string error;
#pragma omp parallel for schedule(dynamic)
  for (size_t i = 0; i < Js.size(); ++i) {
    try {
      out[i] = spectrum(Js[i], keep_eigenvalues);
    } catch (const std::exception& e) {
#pragma omp critical
      error = fmt::format("Jacobian {}: {}", i, e.what());
    }
  }
  if (!error.empty()) throw Error(error);
  return out;
}

}  // namespace memo
