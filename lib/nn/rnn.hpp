// A vanilla RNN whose state and output maps are MLPs (AM App. F and the recurrent row of
// App. Fig. 6: width 128 and depth 31 "for producing the next hidden state and output state").
//
// AM gives no equations; we use the Elman form with one-hot words x_t ∈ R^V:
//     h_{t+1} = F([x_t; h_t]),   y_t = G(h_{t+1}),   h_0 = 0,
// F: R^{V+H} → R^H and G: R^H → R^V MLPs (the last layer linear), y_t the logits of the word
// that follows x_t. Training unrolls the sentence on the tape and takes PyTorch's
// CrossEntropyLoss, the mean over the time steps, so every step weighs alike.
// Greedy decoding (AM App. F) feeds x_{t+1} = e_{argmax y_t} back: the hidden state then
// follows the map Φ(h) = F([e_{argmax G(h)}; h]).
#pragma once
#include <vector>
#include "lib/nn/mlp.hpp"

namespace memo {

struct Rnn {
  Mlp state_map;   // F: [x_t; h_t] (V + H) → h_{t+1} (H)
  Mlp output_map;  // G: h_{t+1} (H) → logits (V)
  int vocabulary() const { return output_map.output_dim(); }
  int hidden_dim() const { return output_map.input_dim(); }
};

// F with widths V+H, width × depth, H and G with widths H, width × depth, V; PyTorch's default
// nn.Linear initialisation, F drawn first.
Rnn make_rnn(int vocabulary, int hidden_dim, int depth, int width, const Activation& activation, Rng& rng);

std::vector<Param*> parameters(Rnn& rnn);
int parameter_count(const Rnn& rnn);

// The loss of the unrolled RNN from h_0: the mean over t of the cross-entropy of y_t against
// targets[t], with inputs[t] fed at step t.
Var sequence_loss(Rnn& rnn, Tape& tape, const std::vector<int>& inputs, const std::vector<int>& targets,
                  const Vec& h0);

// One step without a tape: h_{t+1} = F([e_word; h]), and the logits G(h).
Vec next_state(const Rnn& rnn, int word, const Vec& h);
Vec output_logits(const Rnn& rnn, const Vec& h);

// Greedy decoding from h_0 and a first word: for t = 0 … steps−1, h_{t+1} = F([x_t; h_t]) and
// x_{t+1} = e_{argmax G(h_{t+1})}. words[t] is the word decoded at step t (x_{t+1}),
// states.col(t) is h_{t+1}.
struct Decoding {
  std::vector<int> words;
  Mat states;  // (H, steps)
};
Decoding greedy_decode(const Rnn& rnn, int first_word, const Vec& h0, int steps);

// The index of the largest entry (the first one on ties).
int argmax(const Vec& v);

}  // namespace memo
