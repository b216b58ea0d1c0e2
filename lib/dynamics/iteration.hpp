// Iterating a map from a batch of starts, with per-point stopping, and naming where each
// trajectory ends: a training example, a spurious fixed point, a cycle of
// period p, divergence, or undecided after the iteration limit.
#pragma once
#include <cmath>
#include <string>
#include <vector>
#include "lib/dynamics/dynamical_map.hpp"

namespace memo {

enum class LimitKind { training_example, spurious_fixed_point, cycle, diverged, undecided };
std::string limit_kind_name(LimitKind kind);

// When a trajectory has arrived. Both papers' rules:
//  am  (AM §"Spurious attractors"): converged at step k when ‖f^{k+1}(x) − f^k(x)‖ < step_tol
//      (1e-8); the limit is example i when ‖f^k(x) − x_i‖ < match_tol (1e-7).
//  ntk (NTK §5, App. E): recovered as soon as mean((f^k(x) − x_i)²) < match_mse (1e-2), checked
//      after every step k ≥ 1, within 50 iterations.
// Under both, a point whose step falls below step_tol away from every example is a spurious
// fixed point, and a point that returns within step_tol of where it was p ≥ 2 steps ago, with
// consecutive points at least min_cycle_separation apart, is on a cycle of period p.
struct IterationCriterion {
  enum class Rule { am, ntk };
  Rule rule = Rule::am;
  int max_iterations = 10000;
  double step_tol = 1e-8;
  double match_tol = 1e-7;
  double match_mse = 1e-2;
  int max_period = 32;
  // Separates a cycle from a fixed point approached with an eigenvalue near −1, whose iterates
  // also nearly repeat every 2 steps but move less and less.
  double min_cycle_separation = 1e-4;
  double divergence_norm = 1e8;  // ‖f^k(x)‖ above this, or not finite: diverged
  bool eigenvalue_test = true;   // spectral radius of every distinct spurious limit and cycle
  double same_limit_tol = 1e-5;  // two limits closer than this are one
  // Polish every distinct fixed-point limit by Newton's method before matching it to the
  // examples. The stopping rule leaves a trajectory up to step_tol·ρ/(1 − ρ) from its fixed
  // point (3e-6 at ρ = 0.997), which AM's 1e-7 match would call spurious; the polished point
  // is exact to ~1e-12. Off by default (the papers' rules as printed).
  bool newton_polish = false;
};
IterationCriterion am_criterion(int max_iterations = 10000);
IterationCriterion ntk_criterion(int max_iterations = 50);
// "am" or "ntk".
IterationCriterion parse_criterion(const std::string& name);

// A distinct fixed point that is not a training example, or a cycle, kept with its stability.
struct Limit {
  Mat points;       // (d, period): the fixed point, or the cycle in the order f visits it
  int period = 1;
  // A cycle through training example i (a stored sequence, AM §4), or, with newton_polish, a
  // fixed point that matched example i only once polished; −1 otherwise.
  int example = -1;
  int starts = 0;    // trajectories that ended here
  // The training example nearest to points.col(0) and its distance (−1, NaN without
  // examples): a "spurious" fixed point 1e-5 from an example usually means the match tolerance
  // is below the training error, not a new memory.
  int nearest_example = -1;
  double nearest_distance = std::nan("");
  // ρ(J_f(x*)) for a fixed point, ρ(J_{f^p}) by the chain product for a cycle (AM Prop. 1–2);
  // NaN when not computed.
  double spectral_radius = std::nan("");
  bool attracting() const { return spectral_radius < 1; }
};

struct TrajectoryEnd {
  LimitKind kind = LimitKind::undecided;
  int example = -1;  // training example reached (for a cycle: the example it passes through)
  int limit = -1;    // index into IterationResult::limits (spurious fixed points and cycles)
  int period = 0;    // 1 for fixed points, p for cycles, 0 otherwise
  int steps = 0;     // applications of f
};

struct IterationResult {
  std::vector<TrajectoryEnd> ends;  // one per start
  Mat final_points;                 // (d, n): the last iterate of every trajectory
  std::vector<Limit> limits;        // distinct spurious fixed points and cycles
  int count(LimitKind kind) const;
  int count_example(int example) const;  // trajectories ending at training example i
};

// Iterates every column of `starts` (examples as columns, may be empty), one f.apply per
// step for all trajectories still running; finished ones leave the batch.
IterationResult iterate(const DynamicalMap& f, const Mat& starts, const Mat& examples,
                        const IterationCriterion& criterion);

// One line, e.g. "example 3 after 12 steps", "cycle of period 2 (ρ = 0.04) after 30 steps".
std::string describe(const TrajectoryEnd& end, const IterationResult& result);

}  // namespace memo
