// The calculator's core subcommands: rank1, deep-rank1, minnorm, phispan.
// Each subcommand's CLI11 callback stores its computation in `action`; apps/theory.cpp runs it
// through run_main. Other command sets (e.g. add_ntk_commands) follow the same pattern.
#pragma once
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/cli/cli.hpp"
#include "lib/cli/flag_checks.hpp"
#include "lib/cli/parse.hpp"
#include "lib/nn/mlp.hpp"
#include "lib/io/npy.hpp"
#include "lib/dynamics/spectra.hpp"
#include "theory/min_norm.hpp"
#include "theory/phi_span.hpp"
#include "theory/rank_one.hpp"

namespace memo {
namespace core_commands {

inline void add_flow_options(CLI::App& sub, rank_one::Options& options) {
  sub.add_option("--residual-tol", options.residual_tol, "stop the flow when |1 − f(x)·x| is below this")
      ->capture_default_str()
      ->check(finite_above(0));
  sub.add_option("--ode-tol", options.ode_tol, "per-step error tolerance of the ODE integrator")
      ->capture_default_str()
      ->check(finite_above(0));
  sub.add_option("--max-time", options.max_time, "give up when the flow has not converged by this time")
      ->capture_default_str()
      ->check(finite_above(0));
}

inline void write_result_matrix(const std::string& path, const Mat& A) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  write_matrix(path, A);
}

// Rank and singular values of a predicted matrix, as text or JSON.
inline int report_matrix(const std::string& what, const std::string& path, const Mat& A, double rank_tol, bool json,
                         Json extra = Json::object()) {
  const Vec sigma = singular_values(A);
  const int rank = min_norm::numerical_rank(sigma, rank_tol);
  const std::vector<double> values(sigma.data(), sigma.data() + sigma.size());
  if (json) {
    Json doc = {{"output", path}, {"rank", rank}, {"singular_values", values}};
    doc.update(extra);
    print_json(doc);
  } else {
    fmt::print("{} written to {} ({}×{})\nrank {} (singular values above {:g}·σ_max)\nsingular values {::.6g}\n",
               what, path, A.rows(), A.cols(), rank, rank_tol, values);
    for (const auto& [key, value] : extra.items()) fmt::print("{} {}\n", key, value.dump());
  }
  return kExitOk;
}

}  // namespace core_commands

inline void add_core_commands(CLI::App& app, std::function<int()>& action) {
  using namespace core_commands;

  {  // rank1: AM Thm 1–2
    struct Flags {
      std::string act = "sigmoid";
      int k = 2;
      double u0 = 1, v0 = 1;
      rank_one::Options options;
      bool json = false;
    };
    auto flags = std::make_shared<Flags>();
    CLI::App* sub = app.add_subcommand(
        "rank1", "one hidden layer, one unit-norm example, rank-one init: where gradient flow stops and λ1 = e_φ(v)");
    sub->add_option("--act", flags->act, "activation (sigmoid, exp2, power:m, linear:a,b, …)")->capture_default_str();
    sub->add_option("--k", flags->k, "hidden units")->capture_default_str()->check(whole_in(1, 1'000'000'000));
    sub->add_option("--u0", flags->u0, "initial output-layer scalar (A0 = x u0 1^T)")->capture_default_str()->check(finite_number());
    sub->add_option("--v0", flags->v0, "initial input-layer scalar (B0 = v0 1 x^T)")->capture_default_str()->check(finite_number());
    add_flow_options(*sub, flags->options);
    sub->add_flag("--json", flags->json, "print {u, v, lambda} as JSON");
    sub->callback([&action, flags] {
      action = [flags] {
        const auto s = rank_one::solve(parse_activation(flags->act), flags->k, flags->u0, flags->v0, flags->options);
        if (flags->json) print_json(Json{{"u", s.u}, {"v", s.v}, {"lambda", s.lambda}});
        else fmt::print("u {:.10g}\nv {:.10g}\nlambda {:.10g}\n", s.u, s.v, s.lambda);
        return kExitOk;
      };
    });
  }

  {  // deep-rank1: AM App. C, corrected (theory/NOTES.md)
    struct Flags {
      std::string act = "sigmoid", widths, init;
      rank_one::Options options;
      bool json = false;
    };
    auto flags = std::make_shared<Flags>();
    CLI::App* sub = app.add_subcommand(
        "deep-rank1", "deep rank-one chain on one example: where the flow stops and λ1 = ∏ e_φ(p_i)");
    sub->add_option("--act", flags->act, "activation")->capture_default_str();
    sub->add_option("--widths", flags->widths, "hidden widths k1,…,k_{d−1}")->required();
    sub->add_option("--init", flags->init, "initial scalars b,w2,…,w_{d−1},a (one more than the widths)")
        ->required();
    add_flow_options(*sub, flags->options);
    sub->add_flag("--json", flags->json, "print {params, lambda} as JSON");
    sub->callback([&action, flags] {
      action = [flags] {
        const auto s = rank_one::solve_chain(parse_activation(flags->act), parse_widths(flags->widths),
                                             parse_number_list(flags->init, fmt::format("--init '{}'", flags->init)), flags->options);
        if (flags->json) print_json(Json{{"params", s.params}, {"lambda", s.lambda}});
        else fmt::print("params {::.10g}\npreactivations {::.10g}\nlambda {:.10g}\n", s.params, s.preactivations,
                        s.lambda);
        return kExitOk;
      };
    });
  }

  {  // minnorm: MEM §2 and I.2
    struct Flags {
      std::string data, init, out = "out/theory/minnorm.npy";
      double lr = 0, rank_tol = 1e-10;
      long steps = -1;
      bool json = false;
    };
    auto flags = std::make_shared<Flags>();
    CLI::App* sub = app.add_subcommand(
        "minnorm", "linear autoencoder trained by GD on ½Σ‖Ax_i − x_i‖²: A(t), or A(∞) = P + A(0)(I − P)");
    sub->add_option("--data", flags->data, "data .npy, shape (n, d): one example per row")->required();
    sub->add_option("--init", flags->init, "A(0) as a (d, d) .npy (default zero)");
    sub->add_option("--lr", flags->lr, "step γ on ½Σ‖Ax_i − x_i‖² (with --steps; alone: checked < 2/λmax)")
        ->check(finite_at_least(0));
    sub->add_option("--steps", flags->steps, "A(t) after this many steps (default: the limit t → ∞)")
        ->check(whole_in(0, 1'000'000'000));
    sub->add_option("--out", flags->out, "where to write the predicted matrix (.npy)")->capture_default_str();
    sub->add_option("--rank-tol", flags->rank_tol, "rank: singular values above this · σ_max")->capture_default_str()->check(finite_at_least(0));
    sub->add_flag("--json", flags->json, "print {output, rank, singular_values, …} as JSON");
    sub->callback([&action, flags] {
      action = [flags] {
        check_output_path(flags->out, "--out");
        const Mat X = read_examples(flags->data);
        const Mat A0 = flags->init.empty() ? Mat::Zero(X.rows(), X.rows()) : read_matrix(flags->init);
        Json extra = Json::object();
        Mat A;
        if (flags->steps >= 0) {
          if (!(flags->lr > 0)) throw Error(fmt::format("--steps {} needs --lr γ > 0", flags->steps));
          A = min_norm::at_step(X, A0, flags->lr, flags->steps);
          extra["steps"] = flags->steps;
        } else {
          const double limit = min_norm::max_stable_rate(X);
          if (flags->lr != 0 && !(flags->lr > 0 && flags->lr < limit))
            throw Error(fmt::format("--lr {} does not converge: need 0 < γ < 2/λmax(XX^T) = {:.6g}", flags->lr, limit));
          A = min_norm::limit(X, A0);
          if (!flags->init.empty()) {
            const Vec bound = min_norm::weyl_upper_bound(X, A0);
            extra["weyl_bound"] = std::vector<double>(bound.data(), bound.data() + bound.size());
          }
        }
        write_result_matrix(flags->out, A);
        return report_matrix("A", flags->out, A, flags->rank_tol, flags->json, extra);
      };
    });
  }

  {  // phispan: MEM Thm 1
    struct Flags {
      std::string act = "sigmoid", data, out = "out/theory/phispan.npy";
      double rank_tol = 1e-10;
      bool json = false;
    };
    auto flags = std::make_shared<Flags>();
    CLI::App* sub = app.add_subcommand(
        "phispan", "single layer φ(Ax) trained by GD from zero: A(∞) = φ^{-1}(X) X^+ (needs n < d, full rank)");
    sub->add_option("--act", flags->act, "invertible activation (sigmoid, tanh, erf, exp2, …)")->capture_default_str();
    sub->add_option("--data", flags->data, "data .npy, shape (n, d), entries in range(φ)")->required();
    sub->add_option("--out", flags->out, "where to write A(∞) (.npy)")->capture_default_str();
    sub->add_option("--rank-tol", flags->rank_tol, "rank: singular values above this · σ_max")->capture_default_str()->check(finite_at_least(0));
    sub->add_flag("--json", flags->json, "print {output, rank, singular_values} as JSON");
    sub->callback([&action, flags] {
      action = [flags] {
        check_output_path(flags->out, "--out");
        const Mat X = read_examples(flags->data);
        const Mat A = phi_span::solution(parse_activation(flags->act), X, flags->rank_tol);
        write_result_matrix(flags->out, A);
        return report_matrix("A(∞)", flags->out, A, flags->rank_tol, flags->json);
      };
    });
  }
}

}  // namespace memo
