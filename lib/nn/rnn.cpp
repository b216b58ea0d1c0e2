#include "lib/nn/rnn.hpp"

#include <fmt/format.h>

#include "lib/autodiff/ops.hpp"

namespace memo {

namespace {

std::vector<int> hidden_widths(int input, int depth, int width, int output) {
  std::vector<int> widths{input};
  for (int l = 0; l < depth; ++l) widths.push_back(width);
  widths.push_back(output);
  return widths;
}

void require_word(const Rnn& rnn, int word) {
  if (word < 0 || word >= rnn.vocabulary())
    throw Error(fmt::format("word {} outside the vocabulary [0, {})", word, rnn.vocabulary()));
}

Mat one_hot(int vocabulary, int word) {
  Mat x = Mat::Zero(vocabulary, 1);
  x(word, 0) = 1;
  return x;
}

}  // namespace

Rnn make_rnn(int vocabulary, int hidden_dim, int depth, int width, const Activation& activation, Rng& rng) {
  if (vocabulary < 2 || hidden_dim < 1 || depth < 0 || width < 1)
    throw Error(fmt::format("RNN: vocabulary {} (≥ 2), hidden dimension {} (≥ 1), depth {} (≥ 0) and width {} "
                            "(≥ 1) expected",
                            vocabulary, hidden_dim, depth, width));
  Rnn rnn;
  rnn.state_map = make_mlp(hidden_widths(vocabulary + hidden_dim, depth, width, hidden_dim), activation,
                           Parametrization::standard, true, rng);
  rnn.output_map = make_mlp(hidden_widths(hidden_dim, depth, width, vocabulary), activation,
                            Parametrization::standard, true, rng);
  return rnn;
}

std::vector<Param*> parameters(Rnn& rnn) {
  std::vector<Param*> params = parameters(rnn.state_map);
  for (Param* p : parameters(rnn.output_map)) params.push_back(p);
  return params;
}

int parameter_count(const Rnn& rnn) { return parameter_count(rnn.state_map) + parameter_count(rnn.output_map); }

Var sequence_loss(Rnn& rnn, Tape& tape, const std::vector<int>& inputs, const std::vector<int>& targets,
                  const Vec& h0) {
  if (inputs.empty() || inputs.size() != targets.size())
    throw Error(fmt::format("RNN loss: {} inputs and {} targets (equal and > 0 expected)", inputs.size(),
                            targets.size()));
  if (h0.size() != rnn.hidden_dim())
    throw Error(fmt::format("RNN loss: h_0 has {} entries, the hidden state {}", h0.size(), rnn.hidden_dim()));
  Var h = tape.constant(h0);
  Var total;
  for (size_t t = 0; t < inputs.size(); ++t) {
    require_word(rnn, inputs[t]);
    h = forward(rnn.state_map, stack_rows(tape.constant(one_hot(rnn.vocabulary(), inputs[t])), h));
    const Var step = softmax_cross_entropy(forward(rnn.output_map, h), {targets[t]});
    total = t == 0 ? step : add(total, step);
  }
  return scale(total, 1.0 / static_cast<double>(inputs.size()));
}

Vec next_state(const Rnn& rnn, int word, const Vec& h) {
  require_word(rnn, word);
  Mat input(rnn.vocabulary() + rnn.hidden_dim(), 1);
  input << one_hot(rnn.vocabulary(), word), h;
  return forward(rnn.state_map, input).col(0);
}

Vec output_logits(const Rnn& rnn, const Vec& h) { return forward(rnn.output_map, Mat(h)).col(0); }

int argmax(const Vec& v) {
  Eigen::Index best = 0;
  v.maxCoeff(&best);
  return static_cast<int>(best);
}

Decoding greedy_decode(const Rnn& rnn, int first_word, const Vec& h0, int steps) {
  Decoding out;
  out.states.resize(rnn.hidden_dim(), steps);
  Vec h = h0;
  int word = first_word;
  for (int t = 0; t < steps; ++t) {
    h = next_state(rnn, word, h);
    if (!h.allFinite()) throw Diverged(fmt::format("greedy decoding: the hidden state is not finite at step {}", t));
    word = argmax(output_logits(rnn, h));
    out.states.col(t) = h;
    out.words.push_back(word);
  }
  return out;
}

}  // namespace memo
