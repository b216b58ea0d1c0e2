#include "lib/experiments/am/rnn.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "lib/dynamics/limit_cycles.hpp"
#include "lib/dynamics/rnn_decoding.hpp"
#include "lib/dynamics/spectra.hpp"
#include "lib/io/csv.hpp"

namespace memo::am {

namespace {

// The periodic orbit of Φ that the decoding ends on.
struct HiddenCycle {
  bool found = false;
  bool seen_in_iterates = false;  // h_N ≈ h_{N−p} held before Newton's polish
  int period = 0;
  Mat orbit;                      // (H, period), orbit.col(0) next to the last decoded state
  std::vector<int> words;         // the word decoded at each orbit point
  double spectral_radius = 0;
  double operator_norm = 0;
};

HiddenCycle find_hidden_cycle(const Rnn& rnn, const Mat& states, int sentence_length) {
  HiddenCycle c;
  const Eigen::Index n = states.cols();
  const Vec last = states.col(n - 1);
  const double scale = std::max(1.0, last.norm());
  // Periods up to four passes through the sentence, smallest first.
  for (int p = 1; p <= 4 * sentence_length && p < n; ++p)
    if ((last - states.col(n - 1 - p)).norm() < 1e-6 * scale) {
      c.period = p;
      c.seen_in_iterates = true;
      break;
    }
  // A slowly contracting orbit may not be reached within 1e-6: try the sentence's period.
  if (c.period == 0) c.period = sentence_length;
  const DynamicalMap phi = decoding_map(rnn);
  try {
    c.orbit = periodic_orbit(phi, last, c.period, 1e-10 * scale);
  } catch (const Error&) {
    c.period = 0;
    return c;
  }
  c.found = true;
  for (Eigen::Index j = 0; j < c.orbit.cols(); ++j) c.words.push_back(argmax(output_logits(rnn, c.orbit.col(j))));
  const Spectrum sp = spectrum(chain_jacobian(phi, c.orbit));
  c.spectral_radius = sp.spectral_radius;
  c.operator_norm = sp.operator_norm;
  return c;
}

// The words of the orbit read from its point after "points" (the sentence's last word): the
// sentence itself when the orbit replays it.
bool replays_sentence(const HiddenCycle& c, int sentence_length) {
  if (!c.found || c.period % sentence_length != 0) return false;
  for (int start = 0; start < c.period; ++start) {
    bool all = true;
    for (int j = 0; j < c.period && all; ++j) all = c.words[(start + j) % c.period] == j % sentence_length;
    if (all) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> rnn_sentence() {
  return {"Hopfield", "networks", "are",      "able", "to",         "store", "binary",
          "training", "patterns", "as",       "attractive", "fixed", "points"};
}

std::vector<std::pair<std::string, RnnSettings>> rnn_presets() {
  RnnSettings quick;
  RnnSettings paper = quick;
  paper.depth = 31;
  paper.width = 128;
  paper.max_epochs = 1000000;
  return {{"quick", quick}, {"paper", paper}};
}

SentenceRnn train_sentence_rnn(const RnnSettings& s, const ExperimentContext& context) {
  const int V = static_cast<int>(rnn_sentence().size());
  Rng rng(run_seed(context.seed, 0));
  SentenceRnn out{make_rnn(V, s.width, s.depth, s.width, parse_activation(s.act), rng), {}};
  // Word t of the sentence → word t + 1 modulo 13 (AM App. F), `passes` times round.
  std::vector<int> inputs, targets;
  for (int t = 0; t < s.passes * V; ++t) {
    inputs.push_back(t % V);
    targets.push_back((t + 1) % V);
  }
  const Vec h0 = Vec::Zero(s.width);
  Optimizer adam(Adam{.lr = s.lr}, parameters(out.rnn));
  TrainOptions options{.tol = s.tol, .max_epochs = s.max_epochs, .quiet = context.quiet, .keep_history = true};
  if (!context.out.empty())
    options.checkpoint = {.path = (std::filesystem::path(context.out) / "rnn-training.checkpoint").string(),
                          .every_minutes = s.checkpoint_minutes,
                          .rng = nullptr,
                          .identity = fmt::format("am-rnn {} seed {}", settings_json(s).dump(), context.seed)};
  out.fit = train(adam, [&](Tape& tape) { return sequence_loss(out.rnn, tape, inputs, targets, h0); }, options);
  if (out.fit.status == TrainStatus::diverged)
    throw Diverged(fmt::format("am-rnn: training diverged at step {} (loss {})", out.fit.epochs, out.fit.final_loss));
  return out;
}

ExperimentResult run_rnn(const RnnSettings& s, const ExperimentContext& context) {
  const std::vector<std::string> sentence = rnn_sentence();
  const int V = static_cast<int>(sentence.size());
  const SentenceRnn trained = train_sentence_rnn(s, context);
  const Rnn& rnn = trained.rnn;
  const TrainResult& fit = trained.fit;
  const Vec h0 = Vec::Zero(s.width);

  // Greedy decoding from the first word (AM App. F).
  const int steps = s.decode_passes * V;
  const Decoding decoded = greedy_decode(rnn, 0, h0, steps);
  int first_pass = 0, correct = 0, first_error = -1;
  for (int t = 0; t < steps; ++t) {
    const bool ok = decoded.words[t] == (t + 1) % V;
    correct += ok;
    if (t < V) first_pass += ok;
    if (!ok && first_error < 0) first_error = t;
  }
  const HiddenCycle cycle = find_hidden_cycle(rnn, decoded.states, V);
  const bool cycle_is_sentence = replays_sentence(cycle, V);

  ExperimentResult out;
  out.rows = CsvTable({"step", "word_fed", "word_decoded", "expected", "correct", "distance_to_cycle"});
  std::string distances;
  // The orbit point that the decoded state h_{t+1} (column t) should approach: orbit.col(0) is
  // next to the last one.
  const auto phase = [&](int t) { return ((t - (steps - 1)) % cycle.period + cycle.period) % cycle.period; };
  for (int t = 0; t < steps; ++t) {
    const int fed = t == 0 ? 0 : decoded.words[t - 1];
    double distance = -1;  // no cycle found
    if (cycle.found) {
      distance = (decoded.states.col(t) - cycle.orbit.col(phase(t))).norm();
      if (distance > 0) distances += fmt::format("{} {:.6e}\n", t + 1, distance);
    }
    out.rows.add_row({static_cast<long>(t), sentence[fed], sentence[decoded.words[t]], sentence[(t + 1) % V],
                      static_cast<long>(decoded.words[t] == (t + 1) % V), distance});
  }
  std::string decoded_data;
  for (int t = 0; t < std::min(steps, 3 * V); ++t)
    decoded_data += fmt::format("{} {} {}\n", t + 1, decoded.words[t], (t + 1) % V);
  out.files.emplace_back("decoded.dat", decoded_data);

  out.notes.push_back("sentence (AM App. F): \"Hopfield networks are able to store binary training patterns as "
                      "attractive fixed points\", 13 one-hot words");
  out.notes.push_back("RNN equations not given by AM: h_{t+1} = F([x_t; h_t]), logits G(h_{t+1}), h_0 = 0; hidden "
                      "state of size width");
  out.notes.push_back(fmt::format("loss threshold {:g} on the mean cross-entropy (AM gives none for the RNN)", s.tol));
  out.notes.push_back(fit.describe());
  if (cycle.found && !cycle.seen_in_iterates)
    out.notes.push_back("the decoded states had not settled within 1e-6 of a period: the cycle is Newton's, of "
                        "period 13, and may not be the decoding's limit");

  out.comparisons.push_back(compare_range("training mean cross-entropy", "", std::nullopt, fit.final_loss, 0, s.tol));
  out.comparisons.push_back(
      compare_abs("words replayed in the first pass", "13 of 13", std::nullopt, first_pass, V, 0));
  out.comparisons.push_back(compare_abs(fmt::format("fraction of words replayed in {} passes", s.decode_passes),
                                        "1 (repeated)", std::nullopt,
                                        static_cast<double>(correct) / steps, 1, 0));
  Comparison period{.quantity = "hidden-state cycle period (a cycle replaying the sentence)",
                    .paper = "",
                    .theory = std::nullopt,
                    .measured = static_cast<double>(cycle.period),
                    .tolerance = "a multiple of 13 whose words are the sentence",
                    .agrees = cycle_is_sentence};
  out.comparisons.push_back(period);
  out.comparisons.push_back(compare_range("ρ(J_{Φ^p}) along the hidden-state cycle", "", std::nullopt,
                                          cycle.found ? cycle.spectral_radius : -1, 0, 1 - 1e-12));
  out.comparisons.back().tolerance = "0 ≤ ρ < 1 (a stable limit cycle)";

  out.measured = {{"sentence", sentence},
                  {"parameters", parameter_count(rnn)},
                  {"training", {{"status", fit.describe()}, {"steps", fit.epochs}, {"final_loss", fit.final_loss},
                                {"seconds", fit.seconds}}},
                  {"decoding", {{"steps", steps}, {"correct", correct}, {"first_pass_correct", first_pass},
                                {"first_error_step", first_error}}},
                  {"hidden_cycle", {{"found", cycle.found}, {"period", cycle.period},
                                    {"seen_in_iterates", cycle.seen_in_iterates},
                                    {"replays_sentence", cycle_is_sentence},
                                    {"spectral_radius", cycle.found ? cycle.spectral_radius : -1.0},
                                    {"operator_norm", cycle.found ? cycle.operator_norm : -1.0},
                                    {"words", cycle.words}}}};
  std::string losses;
  for (size_t e = 0; e < fit.loss_history.size(); e += std::max<size_t>(1, fit.loss_history.size() / 2000))
    losses += fmt::format("{} {:.6e}\n", e, std::max(fit.loss_history[e], 1e-300));
  out.files.emplace_back("loss.dat", losses);

  out.figures.push_back(
      {"decoded.png",
       fmt::format("set xlabel 'decoding step'\nset ylabel 'word index (0 = Hopfield … 12 = points)'\n"
                   "set yrange [-0.5:12.5]\nset key outside\n"
                   "set title 'AM App. F: greedy decoding from \"Hopfield\", depth {}, width {} ({} of {} correct)'\n"
                   "plot '$OUT/decoded.dat' using 1:3 with lines lw 3 lc rgb '#bbbbbb' title 'sentence', "
                   "'' using 1:2 with points pt 7 title 'decoded'",
                   s.depth, s.width, correct, steps)});
  if (cycle.found) {
    // Beside the measured distances, the slope ρ^{t/p} that AM Prop. 2 predicts once close.
    const double first_distance = (decoded.states.col(0) - cycle.orbit.col(phase(0))).norm();
    out.files.emplace_back("distance.dat", distances);
    out.figures.push_back(
        {"cycle.png",
         fmt::format("set xlabel 'decoding step t'\nset ylabel '‖h_t − cycle‖'\nset logscale y\nset key outside\n"
                     "set yrange [1e-17:*]\n"
                     "set title 'hidden state vs its limit cycle: period {}, ρ = {:.3g}'\n"
                     "plot '$OUT/distance.dat' using 1:2 with linespoints title 'decoded state', "
                     "{:.6e} * {:.6e}**((x - 1) / {}.0) with lines dt 2 title 'ρ^{{t/p}}'",
                     cycle.period, cycle.spectral_radius, std::max(first_distance, 1e-300),
                     std::max(cycle.spectral_radius, 1e-300), cycle.period)});
  }
  out.figures.push_back({"loss.png", "set xlabel 'Adam step'\nset ylabel 'mean cross-entropy'\nset logscale y\n"
                                     "set key off\nset title 'AM App. F: RNN training loss'\n"
                                     "plot '$OUT/loss.dat' using 1:2 with lines"});
  return out;
}

}  // namespace memo::am
