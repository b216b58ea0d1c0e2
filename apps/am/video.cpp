// am-video — AM Fig. 4a: a film (synthetic, for Steamboat Willie) stored as a stable limit
// cycle of its frames and replayed from noise. Method and substitutions:
// lib/experiments/am/video.hpp.
#include "lib/experiments/am/video.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-video",
                               "AM Fig. 4a: a film stored as a limit cycle of its frames, replayed from noise",
                               memo::am::video_presets(), memo::am::run_video);
}
