// am-rnn — AM App. F: a vanilla RNN trained on a 13-word sentence replays it by greedy decoding;
// the hidden state's cycle and its ρ. The model, the choices AM leaves open and the presets are
// in lib/experiments/am/rnn.hpp.
#include "lib/experiments/am/rnn.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-rnn", "AM App. F: a vanilla RNN replays a 13-word sentence",
                               memo::am::rnn_presets(), memo::am::run_rnn);
}
