#include "theory/rank_one.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace memo::rank_one {
namespace {

using State = std::vector<double>;

void check_chain(const std::vector<int>& widths, const std::vector<double>& params) {
  if (widths.empty()) throw Error("rank-one chain: at least one hidden layer is needed");
  for (int k : widths)
    if (k < 1) throw Error(fmt::format("rank-one chain: width {} must be >= 1", k));
  if (params.size() != widths.size() + 1)
    throw Error(fmt::format("rank-one chain: {} hidden layers need {} scalars (b, w_2..w_{}, a), got {}",
                            widths.size(), widths.size() + 1, widths.size(), params.size()));
  for (double p : params)
    if (!std::isfinite(p)) throw Error(fmt::format("rank-one chain: parameter {} is not finite", p));
}

// Per-entry gradient flow of ½(1 − a k_L h_L)²: forward for p_i, h_i, then the
// backward recursion δ_{i−1} = δ_i w_i k_i φ'(p_{i−1}).
void chain_velocity(const Activation& act, const std::vector<int>& widths, const State& s, State& ds) {
  const size_t L = widths.size();
  const std::vector<double> p = chain_preactivations(act, widths, s);
  std::vector<double> h(L);
  for (size_t i = 0; i < L; ++i) h[i] = activate(act, p[i]);
  const double a = s[L];
  const double r = 1 - a * widths[L - 1] * h[L - 1];
  ds[L] = r * h[L - 1];
  double delta = r * a * activate(act, p[L - 1], 1);
  for (size_t i = L - 1; i >= 1; --i) {  // layer i+1 in 1-based numbering has weight s[i]
    ds[i] = delta * h[i - 1];
    delta *= s[i] * widths[i] * activate(act, p[i - 1], 1);
  }
  ds[0] = delta;
}

// c in ṙ = −c r: the flow moves s by ds = r g, so ṙ = −∇(f·x) · ds = −(∇(f·x) · g) r.
// ∇(f·x) by central differences; infinite (no stall possible) once r = 0 exactly.
double residual_decay_rate(const Activation& act, const std::vector<int>& widths, const State& s) {
  const double r = 1 - chain_output(act, widths, s);
  if (r == 0) return std::numeric_limits<double>::infinity();
  State ds(s.size());
  chain_velocity(act, widths, s, ds);
  double rate = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const double h = 1e-6 * std::max(1.0, std::abs(s[i]));
    State plus = s, minus = s;
    plus[i] += h, minus[i] -= h;
    rate += (chain_output(act, widths, plus) - chain_output(act, widths, minus)) / (2 * h) * ds[i] / r;
  }
  return rate;
}

}  // namespace

std::vector<double> chain_preactivations(const Activation& act, const std::vector<int>& widths,
                                         const std::vector<double>& params) {
  std::vector<double> p(widths.size());
  p[0] = params[0];
  for (size_t i = 1; i < widths.size(); ++i) p[i] = params[i] * widths[i - 1] * activate(act, p[i - 1]);
  return p;
}

double chain_output(const Activation& act, const std::vector<int>& widths, const std::vector<double>& params) {
  const std::vector<double> p = chain_preactivations(act, widths, params);
  return params.back() * widths.back() * activate(act, p.back());
}

double chain_lambda(const Activation& act, const std::vector<int>& widths, const std::vector<double>& params) {
  double lambda = 1;
  for (double p : chain_preactivations(act, widths, params)) lambda *= elasticity(act, p);
  return lambda;
}

ChainSolution solve_chain(const Activation& act, const std::vector<int>& widths,
                          const std::vector<double>& initial, const Options& options) {
  check_chain(widths, initial);
  namespace odeint = boost::numeric::odeint;
  auto stepper = odeint::make_controlled<odeint::runge_kutta_dopri5<State>>(options.ode_tol, options.ode_tol);
  auto rhs = [&](const State& s, State& ds, double) { chain_velocity(act, widths, s, ds); };
  State s = initial;
  double t = 0, chunk = 1;
  int stalled = 0;
  auto residual = [&] { return 1 - chain_output(act, widths, s); };
  // Integrate in doubling chunks: the flow converges exponentially, so a few chunks suffice,
  // and integrating past convergence only brings r closer to 0.
  while (std::abs(residual()) >= options.residual_tol) {
    if (t >= options.max_time)
      throw Error(fmt::format("rank-one flow ({}, widths {}) did not converge by time {:g}: r = {:.3g} at "
                              "params {}; try other initial values or a larger max time",
                              activation_name(act), widths, options.max_time, residual(), s));
    const double before = std::abs(residual()), rate = residual_decay_rate(act, widths, s);
    odeint::integrate_adaptive(stepper, rhs, s, t, t + chunk, 1e-3);
    // Near the fixed point ṙ = −c r, so a chunk with c·Δt > 20 must shrink |r| by far more than
    // half; when it does not, twice, |r| sits at the integrator's accuracy floor.
    stalled = std::abs(residual()) > 0.5 * before && rate * chunk > 20 ? stalled + 1 : 0;
    if (stalled >= 2)
      throw Error(fmt::format("rank-one flow ({}, widths {}) stalled at |r| = {:.3g}, above --residual-tol {:g}: "
                              "that is the accuracy limit of --ode-tol {:g}; raise --residual-tol or lower --ode-tol",
                              activation_name(act), widths, std::abs(residual()), options.residual_tol,
                              options.ode_tol));
    t += chunk;
    chunk = std::min(2 * chunk, options.max_time);
    for (double x : s)
      if (!std::isfinite(x))
        throw Error(fmt::format("rank-one flow ({}, widths {}) diverged from params {}", activation_name(act),
                                widths, initial));
  }
  ChainSolution out;
  out.params = s;
  out.preactivations = chain_preactivations(act, widths, s);
  out.lambda = chain_lambda(act, widths, s);
  out.flow_time = t;
  return out;
}

Solution solve(const Activation& act, int k, double u0, double v0, const Options& options) {
  if (k < 1) throw Error(fmt::format("rank1: k = {} hidden units, expected k >= 1", k));
  // One hidden layer is the chain with params (b, a) = (v, u).
  const ChainSolution flow = solve_chain(act, {k}, {v0, u0}, options);
  const double v_ode = flow.params[0];

  // Newton on g(v) = 1/(2k²φ(v)²) − u0²/2 − ∫_{v0}^{v} φ/φ' (u = 1/(kφ(v))).
  auto integrand = [&](double z) { return activate(act, z) / activate(act, z, 1); };
  auto g = [&](double v) {
    const double phi = activate(act, v), dphi = activate(act, v, 1);
    const double integral =
        boost::math::quadrature::gauss_kronrod<double, 31>::integrate(integrand, v0, v, 15, 1e-15);
    const double value = 1 / (2.0 * k * k * phi * phi) - u0 * u0 / 2 - integral;
    const double slope = -dphi / (double(k) * k * phi * phi * phi) - phi / dphi;
    return std::make_pair(value, slope);
  };
  const double width = 1e-3 * std::max(1.0, std::abs(v_ode));
  std::uintmax_t iterations = 50;
  const double v = boost::math::tools::newton_raphson_iterate(g, v_ode, v_ode - width, v_ode + width,
                                                              std::numeric_limits<double>::digits - 4, iterations);
  const double g_v = g(v).first;
  if (!std::isfinite(v) || !std::isfinite(g_v) || std::abs(g_v) > 1e-9 || std::abs(v - v_ode) >= width)
    throw Error(fmt::format("rank1 ({}, k={}, u0={}, v0={}): the algebraic polish did not converge near the "
                            "flow's v = {} (conservation residual {:.3g})",
                            activation_name(act), k, u0, v0, v_ode, g_v));
  Solution out;
  out.v = v;
  out.u = 1 / (k * activate(act, v));
  out.lambda = elasticity(act, v);
  out.flow_time = flow.flow_time;
  out.polish_shift = std::abs(v - v_ode);
  return out;
}

double composition_lambda(const std::vector<double>& lambdas, double closing_cosine) {
  double product = closing_cosine;
  for (double l : lambdas) product *= l;
  return product;
}

double interpolating_u(const Activation& act, int k, double v) {
  if (k < 1) throw Error(fmt::format("corollary 1: k = {} hidden units, expected k >= 1", k));
  const double phi = activate(act, v);
  if (phi == 0 || !std::isfinite(phi))
    throw Error(fmt::format("corollary 1: φ(v) = {} at v = {} for {}; need φ(v) ≠ 0 so that u = 1/(kφ(v)) exists",
                            phi, v, activation_name(act)));
  const double e = elasticity(act, v);
  if (!(std::abs(e) > 1))
    throw Error(fmt::format("corollary 1: |e_φ(v)| = {} at v = {} for {}; need |e_φ(v)| > 1 for a non-attractor",
                            std::abs(e), v, activation_name(act)));
  return 1 / (k * phi);
}

}  // namespace memo::rank_one
