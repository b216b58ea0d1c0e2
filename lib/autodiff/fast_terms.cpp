#include "lib/autodiff/fast_terms.hpp"

#include <fmt/format.h>

namespace memo {

void require_same_shape(const char* op, const Mat& A, const Mat& B) {
  if (A.rows() != B.rows() || A.cols() != B.cols())
    throw Error(fmt::format("{}: shapes {} and {} differ", op, shape_string(A), shape_string(B)));
}

Product product(Operand a, Operand b, double alpha) {
  if (a.cols() != b.rows())
    throw Error(fmt::format("product: ({}, {}) times ({}, {})", a.rows(), a.cols(), b.rows(), b.cols()));
  return {a, b, alpha};
}

}  // namespace memo
