#include "lib/dynamics/rnn_decoding.hpp"

#include "lib/dynamics/jacobian.hpp"

namespace memo {

Mat state_jacobian(const Rnn& rnn, int word, const Vec& h) {
  Vec input = Vec::Zero(rnn.vocabulary() + rnn.hidden_dim());
  input(word) = 1;
  input.tail(rnn.hidden_dim()) = h;
  return jacobian(rnn.state_map, input).rightCols(rnn.hidden_dim());
}

DynamicalMap decoding_map(const Rnn& rnn) {
  DynamicalMap f;
  f.dim = rnn.hidden_dim();
  f.apply = [&rnn](const Mat& H) {
    const Mat logits = forward(rnn.output_map, H);
    Mat input = Mat::Zero(rnn.vocabulary() + rnn.hidden_dim(), H.cols());
    for (Eigen::Index j = 0; j < H.cols(); ++j) input(argmax(logits.col(j)), j) = 1;
    input.bottomRows(rnn.hidden_dim()) = H;
    return forward(rnn.state_map, input);
  };
  f.jacobians = [&rnn](const Mat& H) {
    std::vector<Mat> Js;
    for (Eigen::Index j = 0; j < H.cols(); ++j)
      Js.push_back(state_jacobian(rnn, argmax(output_logits(rnn, H.col(j))), H.col(j)));
    return Js;
  };
  return f;
}

}  // namespace memo
