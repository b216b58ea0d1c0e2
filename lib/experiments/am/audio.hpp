// AM App. G: an 8-second audio clip stored as a limit cycle. The clip is cut into 8 chunks of
// one second (22,050 samples each), and a network of 36 SELU layers of width 15 (AM Fig. 6) is
// trained with Adam (lr 1e-4) to map chunk i to chunk i + 1 mod 8 until the MSE is below 1e-8;
// the cycle is stable when ρ(J_{f^8}) < 1 along it, and iteration from Gaussian noise replays
// the clip (AM attaches the recovered audio; here a waveform PNG, original above replay).
//
// Substitution: AM's clip (a recording of a talking pen) is not available, so the signal is
// synthetic speech-like sound: 5 harmonics of a pitch gliding between 95 and 155 Hz under a
// syllable envelope of 3 bursts per second, with seeded phases, peak amplitude ≤ 1. quick and
// paper are the same, the paper's size (lib/experiments/am/signal_cycle.hpp holds the training
// and the cycle measurements). Measured with seed 0: trained in 21,183 epochs, ρ(J_{f^8}) =
// 3.8e-9, and all 10 noise starts replay the clip (largest sample error 0.022).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/am/signal_cycle.hpp"
#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct AudioSettings {
  int seconds = 8, sample_rate = 22050;
  CycleNetwork network{.depth = 36, .width = 15, .max_iterations = 2000};

  template <typename Field>
  void fields(Field&& field) {
    field("seconds", seconds, "length of the clip = number of chunks in the cycle", within(2, 64));
    field("sample_rate", sample_rate, "samples per second = entries of a chunk", within(8, 200000));
    network.fields(field);
  }
};

std::vector<std::pair<std::string, AudioSettings>> audio_presets();
// The synthetic clip, (sample_rate, seconds): column i is second i.
Mat synthetic_speech(int seconds, int sample_rate, std::uint64_t seed);
// Comparisons "trained", "stable limit cycle (ρ(J_{f^n}) < 1)", "noise starts replaying the
// clip"; rows: the waveform (time, original, replay), every k-th sample.
ExperimentResult run_audio(const AudioSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
