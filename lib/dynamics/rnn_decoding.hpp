// Greedy decoding of an RNN (lib/nn/rnn.hpp, AM App. F) as a dynamical system on the hidden
// state: Φ(h) = F([e_{w(h)}; h]) with w(h) = argmax G(h). The word w(h) is constant between the
// boundaries where two logits tie, so away from them J_Φ(h) = ∂F/∂h at the word w(h), and a
// decoded sentence that repeats is a periodic orbit of Φ whose stability is ρ of the chain
// product of these Jacobians along it (AM Prop. 2).
#pragma once
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/nn/rnn.hpp"

namespace memo {

// ∂h_{t+1}/∂h_t: the last H columns of J_F([e_word; h]) (H × H).
Mat state_jacobian(const Rnn& rnn, int word, const Vec& h);

// Φ and its Jacobian. `rnn` is captured by reference and must outlive the map.
DynamicalMap decoding_map(const Rnn& rnn);

}  // namespace memo
