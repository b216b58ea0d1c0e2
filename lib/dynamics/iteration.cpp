#include "lib/dynamics/iteration.hpp"

#include <deque>
#include <fmt/format.h>
#include <limits>

#include "lib/dynamics/nearest_example.hpp"
#include "lib/dynamics/spectra.hpp"

namespace memo {

std::string limit_kind_name(LimitKind kind) {
  switch (kind) {
    case LimitKind::training_example: return "example";
    case LimitKind::spurious_fixed_point: return "spurious";
    case LimitKind::cycle: return "cycle";
    case LimitKind::diverged: return "diverged";
    case LimitKind::undecided: return "undecided";
  }
  return "?";
}

IterationCriterion am_criterion(int max_iterations) {
  IterationCriterion c;
  c.rule = IterationCriterion::Rule::am;
  c.max_iterations = max_iterations;
  return c;
}

IterationCriterion ntk_criterion(int max_iterations) {
  IterationCriterion c;
  c.rule = IterationCriterion::Rule::ntk;
  c.max_iterations = max_iterations;
  return c;
}

IterationCriterion parse_criterion(const std::string& name) {
  if (name == "am") return am_criterion();
  if (name == "ntk") return ntk_criterion();
  throw Error(fmt::format("criterion '{}': expected am or ntk", name));
}

int IterationResult::count(LimitKind kind) const {
  int n = 0;
  for (const auto& e : ends) n += e.kind == kind;
  return n;
}

int IterationResult::count_example(int example) const {
  int n = 0;
  for (const auto& e : ends) n += e.kind == LimitKind::training_example && e.example == example;
  return n;
}

namespace {

void check_criterion(const IterationCriterion& c) {
  if (c.max_iterations < 1) throw Error(fmt::format("max_iterations {}: expected >= 1", c.max_iterations));
  if (c.max_period < 1) throw Error(fmt::format("max_period {}: expected >= 1", c.max_period));
  if (!(c.step_tol > 0) || !(c.match_tol > 0) || !(c.match_mse > 0) || !(c.same_limit_tol > 0))
    throw Error("iteration tolerances must be positive");
}

// Does this point already belong to a known limit? Compared with every point of a cycle,
// since a trajectory can stop at any of them.
int find_limit(const std::vector<Limit>& limits, const Vec& x, int period, double tol) {
  for (size_t l = 0; l < limits.size(); ++l) {
    if (limits[l].period != period) continue;
    for (Eigen::Index c = 0; c < limits[l].points.cols(); ++c)
      if ((limits[l].points.col(c) - x).norm() < tol) return static_cast<int>(l);
  }
  return -1;
}

// Groups spurious fixed points and cycles into distinct limits, and tests each once with the
// eigenvalue criterion (AM Prop. 1–2).
void collect_limits(const DynamicalMap& f, const Mat& examples, const IterationCriterion& criterion,
                    IterationResult& result) {
  for (size_t j = 0; j < result.ends.size(); ++j) {
    TrajectoryEnd& end = result.ends[j];
    if (end.kind != LimitKind::spurious_fixed_point && end.kind != LimitKind::cycle) continue;
    const Vec x = result.final_points.col(j);
    int l = find_limit(result.limits, x, end.period, criterion.same_limit_tol);
    if (l < 0) {
      Limit limit;
      limit.period = end.period;
      limit.points = end.period == 1 ? Mat(x) : orbit(f, x, end.period);
      limit.example = end.example;
      result.limits.push_back(std::move(limit));
      l = static_cast<int>(result.limits.size()) - 1;
    }
    end.limit = l;
    ++result.limits[l].starts;
  }
  if (criterion.newton_polish && f.jacobians)
    for (Limit& limit : result.limits) {
      if (limit.period != 1) continue;
      try {
        limit.points.col(0) = newton_fixed_point(f, limit.points.col(0));
      } catch (const Error&) {
        // Newton did not converge (J − I singular or far from quadratic): keep the iterate.
      }
    }
  if (examples.cols() > 0)
    for (Limit& limit : result.limits) {
      const NearestExamples near = nearest_examples(examples, limit.points.col(0));
      limit.nearest_example = near.index[0];
      limit.nearest_distance = near.distance(0);
      const bool polished_match = criterion.newton_polish && limit.period == 1 &&
                                  criterion.rule == IterationCriterion::Rule::am &&
                                  limit.nearest_distance < criterion.match_tol;
      if (polished_match) limit.example = limit.nearest_example;
    }
  // Trajectories whose fixed point matched an example once polished reached that example.
  for (TrajectoryEnd& end : result.ends)
    if (end.kind == LimitKind::spurious_fixed_point && result.limits[end.limit].example >= 0) {
      end.kind = LimitKind::training_example;
      end.example = result.limits[end.limit].example;
    }
  if (!criterion.eigenvalue_test || !f.jacobians || result.limits.empty()) return;
  std::vector<Mat> orbits;
  for (const Limit& limit : result.limits) orbits.push_back(limit.points);
  const std::vector<double> radii = orbit_spectral_radii(f, orbits);
  for (size_t l = 0; l < radii.size(); ++l) result.limits[l].spectral_radius = radii[l];
}

// Iterates one batch of starts; fills ends and final points (not the limits).
IterationResult iterate_batch(const DynamicalMap& f, const Mat& starts, const Mat& examples,
                              const IterationCriterion& criterion) {
  const bool ntk = criterion.rule == IterationCriterion::Rule::ntk;
  const bool have_examples = examples.cols() > 0;
  const Eigen::Index n = starts.cols();

  IterationResult result;
  result.ends.resize(n);
  result.final_points = starts;
  std::vector<int> ids(n);  // active column → start index
  for (Eigen::Index j = 0; j < n; ++j) ids[j] = static_cast<int>(j);
  Mat current = starts;
  std::deque<Mat> history;  // history[p − 2] = x_{k−p} while x_k is being judged

  for (int k = 1; k <= criterion.max_iterations && !ids.empty(); ++k) {
    Mat next = f.apply(current);
    if (next.rows() != current.rows() || next.cols() != current.cols())
      throw Error(fmt::format("iterate: the map returned {} for {}", shape_string(next), shape_string(current)));
    const Eigen::Index m = next.cols();
    std::vector<char> done(m, 0);
    auto finish = [&](Eigen::Index j, LimitKind kind, int example, int period) {
      TrajectoryEnd& end = result.ends[ids[j]];
      end = {kind, example, -1, period, k};
      result.final_points.col(ids[j]) = next.col(j);
      done[j] = 1;
    };

    const Vec steps = (next - current).colwise().norm().transpose();
    const Vec norms = next.colwise().norm().transpose();
    // NTK rule: every point is compared with the examples after every step.
    NearestExamples near;
    if (ntk && have_examples) near = nearest_examples(examples, next);
    std::vector<Eigen::Index> settled;  // fixed-point or cycle candidates (AM: match these only)
    std::vector<int> period(m, 0);
    for (Eigen::Index j = 0; j < m; ++j) {
      if (!std::isfinite(norms(j)) || norms(j) > criterion.divergence_norm) {
        finish(j, LimitKind::diverged, -1, 0);
        continue;
      }
      if (ntk && have_examples && near.distance(j) * near.distance(j) / f.dim < criterion.match_mse) {
        finish(j, LimitKind::training_example, near.index[j], 1);
        continue;
      }
      if (steps(j) < criterion.step_tol) {
        period[j] = 1;
      } else if (steps(j) >= criterion.min_cycle_separation) {
        for (int p = 2; p <= criterion.max_period && p - 2 < static_cast<int>(history.size()); ++p)
          if ((next.col(j) - history[p - 2].col(j)).norm() < criterion.step_tol) {
            period[j] = p;
            break;
          }
      }
      if (period[j]) settled.push_back(j);
    }
    if (!settled.empty()) {
      NearestExamples settled_near;
      if (have_examples) settled_near = nearest_examples(examples, next(Eigen::all, settled));
      for (size_t s = 0; s < settled.size(); ++s) {
        const Eigen::Index j = settled[s];
        const bool match = have_examples && !ntk && settled_near.distance(s) < criterion.match_tol;
        const bool ntk_match = have_examples && ntk &&
                               settled_near.distance(s) * settled_near.distance(s) / f.dim < criterion.match_mse;
        const int example = match || ntk_match ? settled_near.index[s] : -1;
        if (period[j] == 1) finish(j, match ? LimitKind::training_example : LimitKind::spurious_fixed_point,
                                   match ? example : -1, 1);
        else finish(j, LimitKind::cycle, example, period[j]);
      }
    }

    // Keep the running trajectories; the history keeps the same columns.
    std::vector<Eigen::Index> keep;
    for (Eigen::Index j = 0; j < m; ++j)
      if (!done[j]) keep.push_back(j);
    if (static_cast<Eigen::Index>(keep.size()) < m) {
      std::vector<int> kept_ids;
      for (const auto j : keep) kept_ids.push_back(ids[j]);
      ids = std::move(kept_ids);
      next = Mat(next(Eigen::all, keep));
      current = Mat(current(Eigen::all, keep));
      for (Mat& h : history) h = Mat(h(Eigen::all, keep));
    }
    if (criterion.max_period >= 2) {
      history.push_front(std::move(current));
      if (static_cast<int>(history.size()) > criterion.max_period - 1) history.pop_back();
    }
    current = std::move(next);
  }
  for (size_t j = 0; j < ids.size(); ++j) {
    result.ends[ids[j]] = {LimitKind::undecided, -1, -1, 0, criterion.max_iterations};
    result.final_points.col(ids[j]) = current.col(j);
  }
  return result;
}

}  // namespace

IterationResult iterate(const DynamicalMap& f, const Mat& starts, const Mat& examples,
                        const IterationCriterion& criterion) {
  check_criterion(criterion);
  if (starts.rows() != f.dim)
    throw Error(fmt::format("iterate: starts of dimension {}, the map acts on dimension {}", starts.rows(), f.dim));
  if (examples.cols() > 0 && examples.rows() != f.dim)
    throw Error(fmt::format("iterate: examples of dimension {}, the map acts on dimension {}", examples.rows(),
                            f.dim));
  // The cycle history holds max_period − 1 past iterates of every running trajectory; batches
  // are cut so that it stays within ~256 MiB (e.g. 1,300 starts at d = 784, period 32), which
  // is still a GEMM-sized batch.
  constexpr double kHistoryBytes = 256.0 * (1 << 20);
  const double bytes_per_start = 8.0 * f.dim * std::max(criterion.max_period, 2);
  const Eigen::Index batch = std::max<Eigen::Index>(1, static_cast<Eigen::Index>(kHistoryBytes / bytes_per_start));
  IterationResult result;
  if (starts.cols() <= batch) {
    result = iterate_batch(f, starts, examples, criterion);
  } else {
    result.final_points.resize(starts.rows(), starts.cols());
    for (Eigen::Index first = 0; first < starts.cols(); first += batch) {
      const Eigen::Index width = std::min(batch, starts.cols() - first);
      IterationResult part = iterate_batch(f, starts.middleCols(first, width), examples, criterion);
      result.final_points.middleCols(first, width) = part.final_points;
      result.ends.insert(result.ends.end(), part.ends.begin(), part.ends.end());
    }
  }
  collect_limits(f, examples, criterion, result);
  return result;
}

std::string describe(const TrajectoryEnd& end, const IterationResult& result) {
  std::string what;
  switch (end.kind) {
    case LimitKind::training_example: what = fmt::format("example {}", end.example); break;
    case LimitKind::spurious_fixed_point: {
      const Limit& l = result.limits[end.limit];
      what = fmt::format("spurious fixed point #{} (rho = {:.4g}, {}{})", end.limit, l.spectral_radius,
                         l.attracting() ? "attractor" : "not an attractor",
                         l.nearest_example >= 0
                             ? fmt::format("; {:.3g} from example {}", l.nearest_distance, l.nearest_example)
                             : "");
      break;
    }
    case LimitKind::cycle: {
      const Limit& l = result.limits[end.limit];
      what = fmt::format("cycle #{} of period {}{} (rho of J_f^{} = {:.4g})", end.limit, end.period,
                         end.example >= 0 ? fmt::format(" through example {}", end.example) : "", end.period,
                         l.spectral_radius);
      break;
    }
    case LimitKind::diverged: what = "diverged"; break;
    case LimitKind::undecided: what = "undecided"; break;
  }
  return fmt::format("{} after {} steps", what, end.steps);
}

}  // namespace memo
