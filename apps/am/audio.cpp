// am-audio — AM App. G: an 8-second signal (synthetic speech for AM's clip) stored as a
// limit cycle of 1-second chunks, replayed from noise. Method and substitutions:
// lib/experiments/am/audio.hpp.
#include "lib/experiments/am/audio.hpp"

int main(int argc, char** argv) {
  return memo::experiment_main(argc, argv, "am-audio",
                               "AM App. G: a signal stored as a limit cycle of chunks, replayed from noise",
                               memo::am::audio_presets(), memo::am::run_audio);
}
