#include "theory/kernel_regression.hpp"

#include <fmt/format.h>

namespace memo::ntk {

KernelRegression fit_kernel_regression(const Kernel& kernel, const Mat& X, const Mat& f0_X) {
  if (f0_X.rows() != X.rows() || f0_X.cols() != X.cols())
    throw Error(fmt::format("f0(X) has shape {} but the autoencoder's data X has {}", shape_string(f0_X),
                            shape_string(X)));
  const Mat K = kernel_gram(kernel, X).ntk;
  const Eigen::LLT<Mat> llt(K);
  if (llt.info() != Eigen::Success)
    throw Error(fmt::format("the NTK Gram matrix of the {} training points is not positive definite "
                            "(repeated or parallel points?)", X.cols()));
  // C = R K̃⁻¹  ⇔  K̃ Cᵀ = Rᵀ (K̃ symmetric)
  const Mat residual = X - f0_X;
  return {.kernel = kernel, .X = X, .coefficients = llt.solve(residual.transpose()).transpose()};
}

Vec predicted_output(const KernelRegression& fit, const Vec& x, const Vec& f0_x) {
  if (f0_x.size() != fit.X.rows())
    throw Error(fmt::format("f0(x) has {} entries, expected {}", f0_x.size(), fit.X.rows()));
  return fit.coefficients * ntk_column(fit.kernel, fit.X, x) + f0_x;
}

Mat predicted_jacobian(const KernelRegression& fit, const Vec& x, const Mat& J0_x) {
  if (J0_x.rows() != fit.X.rows() || J0_x.cols() != x.size())
    throw Error(fmt::format("J0(x) has shape {}, expected ({}, {})", shape_string(J0_x), fit.X.rows(),
                            x.size()));
  return fit.coefficients * ntk_column_gradient(fit.kernel, fit.X, x) + J0_x;
}

}  // namespace memo::ntk
