// One long sequence stored as a limit cycle (AM Fig. 4a, App. G): a fully connected network
// trained with Adam to map frame i to frame i + 1 mod n until the MSE is below tol. The cycle
// is stable when ρ(J_{f^n}) < 1 along it (AM Prop. 2), computed from width × width factors
// (lib/dynamics/cycle_spectrum.hpp) because a frame has far more entries than the network is
// wide; iteration from Gaussian noise then falls onto the cycle and replays the frames.
//
// The trained cycle lies next to, not on, the stored frames (training error), so AM's 1e-7
// match uses the exact periodic orbit, found by iterating f^n from frame 0 (a stable cycle
// attracts it; the distance to the frames is reported as the orbit offset).
// am-video and am-audio build their frames and figures around this.
#pragma once
#include <string>

#include "lib/cli/settings.hpp"
#include "lib/dynamics/iteration.hpp"
#include "lib/nn/train.hpp"

namespace memo::am {

// The network, its training and the noise starts: settings of am-video and am-audio alike.
struct CycleNetwork {
  int depth = 1, width = 1, noise_starts = 10, max_iterations = 2000;
  std::string act = "selu";
  double lr = 1e-4, tol = 1e-8, noise_std = 1;
  long max_epochs = 100000;

  template <typename Field>
  void fields(Field&& field) {
    field("depth", depth, "hidden layers", at_least(1));
    field("width", width, "hidden width", at_least(1));
    field("act", act, "activation");
    field("lr", lr, "Adam learning rate", positive());
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "epoch limit", at_least(1));
    field("noise_starts", noise_starts, "starts drawn from Gaussian noise", at_least(1));
    field("noise_std", noise_std, "std of the noise starts", positive());
    field("max_iterations", max_iterations, "iteration limit per noise start", at_least(1));
  }
};

struct SignalCycle {
  Mlp net;
  TrainResult fit;
  double max_error = 0;           // max_i ‖f(x_i) − x_{i+1}‖
  double spectral_radius = 0;     // ρ(J_{f^n}) at the stored frames
  bool orbit_found = false;       // iterating f^n from frame 0 converged
  Mat orbit;                      // (d, n): the exact cycle, starting next to frame 0
  double orbit_offset = 0;        // max_i ‖orbit_i − x_i‖
  double orbit_spectral_radius = 0;
  IterationResult from_noise;     // noise starts, matched against `orbit`
  int noise_on_cycle = 0;         // noise starts that ended on the stored cycle
  Mat noise_start;                // (d, 1): the first noise start
  Mat replay;                     // (d, n): its trajectory once on the cycle, aligned to frame 0
};

// Frames as columns in playing order; the noise starts are drawn from `rng` after the weights.
SignalCycle store_signal_cycle(const Mat& frames, const CycleNetwork& settings, Rng& rng, bool quiet);

}  // namespace memo::am
