#include "lib/dynamics/spectra.hpp"

#include <Eigen/QR>
#include <algorithm>
#include <vector>
#include <fmt/format.h>

#include "lib/compute/gemm.hpp"
#include "lib/compute/parallel.hpp"

namespace memo {

namespace {

// LAPACK's dgeev (eigenvalues only) from the OpenBLAS that lib/gemm loaded: 1.5–3× faster than
// Eigen's EigenSolver on 784 × 784 Jacobians. Returns false when it is unavailable.
using DgeevFn = void (*)(const char* jobvl, const char* jobvr, const int* n, double* a, const int* lda,
                         double* wr, double* wi, double* vl, const int* ldvl, double* vr, const int* ldvr,
                         double* work, const int* lwork, int* info);

bool lapack_eigenvalues(const Mat& J, ComplexVec& values) {
  static const auto dgeev = reinterpret_cast<DgeevFn>(openblas_symbol("dgeev_"));
  if (!dgeev) return false;
  const int n = static_cast<int>(J.rows()), one = 1;
  Mat a = J;  // dgeev overwrites its input
  Vec wr(n), wi(n);
  int info = 0, query = -1;
  double optimal = 0;
  dgeev("N", "N", &n, a.data(), &n, wr.data(), wi.data(), nullptr, &one, nullptr, &one, &optimal, &query, &info);
  const int lwork = std::max(static_cast<int>(optimal), 3 * n);
  Vec work(lwork);
  dgeev("N", "N", &n, a.data(), &n, wr.data(), wi.data(), nullptr, &one, nullptr, &one, work.data(), &lwork, &info);
  if (info != 0) throw Error(fmt::format("LAPACK dgeev failed (info {})", info));
  values.resize(n);
  for (int i = 0; i < n; ++i) values(i) = {wr(i), wi(i)};
  return true;
}

// LAPACK's dgesdd (singular values only), likewise; Eigen's JacobiSVD took ~10× longer.
using DgesddFn = void (*)(const char* jobz, const int* m, const int* n, double* a, const int* lda, double* s,
                          double* u, const int* ldu, double* vt, const int* ldvt, double* work, const int* lwork,
                          int* iwork, int* info);

bool lapack_singular_values(const Mat& J, Vec& values) {
  static const auto dgesdd = reinterpret_cast<DgesddFn>(openblas_symbol("dgesdd_"));
  if (!dgesdd) return false;
  const int m = static_cast<int>(J.rows()), n = static_cast<int>(J.cols()), one = 1;
  Mat a = J;
  values.resize(std::min(m, n));
  std::vector<int> iwork(8 * std::min(m, n));
  int info = 0, query = -1;
  double optimal = 0;
  dgesdd("N", &m, &n, a.data(), &m, values.data(), nullptr, &one, nullptr, &one, &optimal, &query, iwork.data(), &info);
  const int lwork = std::max(static_cast<int>(optimal), 1);
  Vec work(lwork);
  dgesdd("N", &m, &n, a.data(), &m, values.data(), nullptr, &one, nullptr, &one, work.data(), &lwork, iwork.data(), &info);
  if (info != 0) throw Error(fmt::format("LAPACK dgesdd failed (info {})", info));
  return true;  // decreasing, as LAPACK returns them
}

}  // namespace

ComplexVec eigenvalues(const Mat& J) {
  if (J.rows() != J.cols()) throw Error("eigenvalues of a non-square matrix " + shape_string(J));
  if (!J.allFinite()) throw Error("eigenvalues of a matrix with NaN or infinite entries");
  ComplexVec values;
  if (J.size() == 0 || !lapack_eigenvalues(J, values)) {
    Eigen::EigenSolver<Mat> solver(J, /*computeEigenvectors=*/false);
    if (solver.info() != Eigen::Success) throw Error("the eigensolver did not converge");
    values = solver.eigenvalues();
  }
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
  Vec values;
  if (J.size() > 0 && lapack_singular_values(J, values)) return values;
  return Eigen::BDCSVD<Mat>(J).singularValues();  // already decreasing
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

Spectrum spectrum_of_product(const Mat& A, const Mat& B, bool keep_eigenvalues) {
  const Eigen::Index d = A.rows(), w = A.cols();
  if (B.rows() != w || B.cols() != d)
    throw Error(fmt::format("spectrum_of_product: A is {} and B is {}, expected (d, w) and (w, d)", shape_string(A),
                            shape_string(B)));
  if (w >= d) {
    Mat J;
    gemm(A, false, B, false, J);
    return spectrum(J, keep_eigenvalues);
  }
  if (!A.allFinite() || !B.allFinite()) throw Error("spectrum of a matrix with NaN or infinite entries");
  Mat BA;
  gemm(B, false, A, false, BA);
  ComplexVec values = eigenvalues(BA);
  Spectrum s;
  s.spectral_radius = values.size() ? std::abs(values(0)) : 0.0;
  const Eigen::HouseholderQR<Mat> qr(B.transpose());
  const Mat R = qr.matrixQR().topRows(w).triangularView<Eigen::Upper>();
  Mat ARt;
  gemm(A, false, R, true, ARt);
  s.operator_norm = operator_norm(ARt);
  if (keep_eigenvalues) {
    s.eigenvalues = ComplexVec::Zero(d);  // the d − w zeros come last: decreasing modulus
    s.eigenvalues.head(w) = values;
  }
  return s;
}

std::vector<Spectrum> spectra_of(int count, const std::function<Spectrum(int)>& spectrum_i) {
  std::vector<Spectrum> out(count);
  parallel_runs(count, omp_get_max_threads(), [&](int i) {
    try {
      out[i] = spectrum_i(i);
    } catch (const std::exception& e) {
      throw Error(fmt::format("Jacobian {}: {}", i, e.what()));
    }
  });
  return out;
}

std::vector<Spectrum> spectra(const std::vector<Mat>& Js, bool keep_eigenvalues) {
  return spectra_of(int(Js.size()), [&](int i) { return spectrum(Js[i], keep_eigenvalues); });
}

}  // namespace memo
