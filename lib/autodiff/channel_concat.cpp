#include "lib/autodiff/channel_concat.hpp"

#include <fmt/format.h>

namespace memo {

Mat concat_channels(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) {
  if (A.cols() != B.cols())
    throw Error(fmt::format("concat_channels: {} and {} hold different numbers of images", shape_string(A),
                            shape_string(B)));
  Mat Y(A.rows() + B.rows(), A.cols());
  Y.topRows(A.rows()) = A;
  Y.bottomRows(B.rows()) = B;
  return Y;
}

Var concat_channels(Var A, Var B) {
  Tape& t = *A.tape;
  const Eigen::Index a_rows = t.val(A).rows(), b_rows = t.val(B).rows();
  return t.record(concat_channels(t.val(A), t.val(B)), {A, B}, [&t, A = A.id, B = B.id, a_rows, b_rows](int y) {
    if (t.needs_grad(A)) t.add_grad(A, t.grad(y).topRows(a_rows));
    if (t.needs_grad(B)) t.add_grad(B, t.grad(y).bottomRows(b_rows));
  });
}

}  // namespace memo
