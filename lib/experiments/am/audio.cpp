#include "lib/experiments/am/audio.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "lib/experiments/am/signal_cycle.hpp"

namespace memo::am {

std::vector<std::pair<std::string, AudioSettings>> audio_presets() {
  AudioSettings quick;  // AM Fig. 6's App. G row at the paper's size
  AudioSettings paper = quick;
  paper.network.noise_starts = 100;
  return {{"quick", quick}, {"paper", paper}};
}

Mat synthetic_speech(int seconds, int sample_rate, std::uint64_t seed) {
  Rng rng(seed);
  const Mat phases = random_uniform(5, 1, rng, 0, 2 * std::numbers::pi);
  Mat X(sample_rate, seconds);
  double phase = 0;  // integral of the pitch, so that the glide is smooth
  for (int s = 0; s < seconds; ++s)
    for (int k = 0; k < sample_rate; ++k) {
      const double t = s + static_cast<double>(k) / sample_rate;
      phase += 2 * std::numbers::pi * (125 + 30 * std::sin(2 * std::numbers::pi * 0.35 * t)) / sample_rate;
      const double envelope = std::pow(std::abs(std::sin(std::numbers::pi * 3 * t)), 0.7);
      double v = 0;
      for (int h = 0; h < 5; ++h) v += std::sin((h + 1) * phase + phases(h, 0)) / (h + 1);
      X(k, s) = 0.4 * envelope * v;  // |Σ 1/h| < 2.3, so |x| ≤ 0.92
    }
  return X;
}

ExperimentResult run_audio(const AudioSettings& s, const ExperimentContext& context) {
  const Mat X = synthetic_speech(s.seconds, s.sample_rate, context.seed);
  Rng rng(context.seed);
  const SignalCycle c = store_signal_cycle(X, s.network, rng, context.quiet);

  ExperimentResult out;
  out.comparisons.push_back(compare_abs("network trained to MSE < tol", "yes", std::nullopt, c.fit.converged(), 1, 0));
  out.comparisons.push_back(compare_range("stable limit cycle: ρ(J_{f^n}) at the chunks", "< 1", std::nullopt,
                                          c.spectral_radius, 0, 1 - 1e-12));
  out.comparisons.push_back(compare_abs("noise starts replaying the clip", fmt::format("all ({})", s.network.noise_starts),
                                        std::nullopt, c.noise_on_cycle, s.network.noise_starts, 0));
  const int stride = std::max(1, s.seconds * s.sample_rate / 4000);
  out.rows = CsvTable({"time", "original", "replay"});
  double replay_error = 0;
  for (int sec = 0; sec < s.seconds; ++sec)
    for (int k = 0; k < s.sample_rate; ++k) {
      replay_error = std::max(replay_error, std::abs(c.replay(k, sec) - X(k, sec)));
      if ((sec * s.sample_rate + k) % stride == 0)
        out.rows.add_row({sec + static_cast<double>(k) / s.sample_rate, X(k, sec), c.replay(k, sec)});
    }
  out.measured = {{"training", c.fit.describe()},
                  {"converged", c.fit.converged()},
                  {"chunk_entries", s.sample_rate},
                  {"max_step_error", c.max_error},
                  {"spectral_radius", c.spectral_radius},
                  {"orbit_found", c.orbit_found},
                  {"orbit_offset", c.orbit_offset},
                  {"orbit_spectral_radius", c.orbit_spectral_radius},
                  {"noise_on_cycle", c.noise_on_cycle},
                  {"noise_undecided", c.from_noise.count(LimitKind::undecided)},
                  {"noise_diverged", c.from_noise.count(LimitKind::diverged)},
                  {"replay_max_sample_error", replay_error}};
  out.notes.push_back("AM's audio clip is not available: a synthetic speech-like signal stands in (harmonics of a "
                      "gliding pitch under a syllable envelope)");
  out.figures.push_back(
      {"waveform.png",
       fmt::format("set output '$OUT/waveform.png'\nset datafile separator ','\nset multiplot layout 2,1 title "
                   "'AM App. G: {} s stored as a limit cycle (ρ(J_{{f^{}}}) = {:.2g})'\nset xlabel 'time (s)'\n"
                   "set yrange [-1:1]\nplot '$OUT/results.csv' every ::1 using 1:2 with lines lc rgb '#4e79a7' "
                   "title 'original'\nplot '$OUT/results.csv' every ::1 using 1:3 with lines lc rgb '#e15759' "
                   "title 'replayed from Gaussian noise'\nunset multiplot\n",
                   s.seconds, s.seconds, c.spectral_radius)});
  return out;
}

}  // namespace memo::am
