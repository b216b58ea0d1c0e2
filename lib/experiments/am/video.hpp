// AM Fig. 4a: a film stored as a limit cycle. A network of 16 SELU layers of width 1024 (AM
// Fig. 6) is trained with Adam (lr 1e-4) to map frame i to frame i + 1 mod 389 until the MSE
// is below 1e-8; the cycle is stable when ρ(J_{f^389}) < 1 along it (AM Prop. 2), and
// iteration from Gaussian noise replays the frames (strip PNG: the first iterates from noise,
// then the replay beside the stored frames).
//
// Substitutions: AM's 389 frames of "Steamboat Willie" at 128 × 128 are not available, so the
// film is synthetic: a bright disk circling the centre and a smaller square sliding to and fro
// on a dark background (soft edges), one period over the frames. paper: 389 frames at 32 × 32
// (1024 pixels) with AM's network; quick: 48 frames at 12 × 12 and 8 layers of width 256, a
// size that trains within 2 minutes here. The training and the cycle measurements are in
// lib/experiments/am/signal_cycle.hpp. Measured with quick, seed 0: 10,723 epochs, ρ(J_{f^48})
// = 4.4e-4, all 10 noise starts replay the film.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/am/signal_cycle.hpp"
#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct VideoSettings {
  int frames = 48, side = 12;
  CycleNetwork network{.depth = 8, .width = 256, .max_iterations = 5000};

  template <typename Field>
  void fields(Field&& field) {
    field("frames", frames, "frames of the film = length of the cycle", within(2, 2000));
    field("side", side, "frames are side × side pixels", within(4, 256));
    network.fields(field);
  }
};

std::vector<std::pair<std::string, VideoSettings>> video_presets();
// The synthetic film, (side², frames), pixel (r, c) at entry r·side + c, values in [0, 1].
Mat synthetic_film(int frames, int side);
// Comparisons "trained", "stable limit cycle", "noise starts replaying the film"; rows: one per
// frame (frame, distance of the replay to it).
ExperimentResult run_video(const VideoSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
