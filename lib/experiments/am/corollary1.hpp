// AM Cor. 1: the rank-one net f(z) = A φ(B z) with u = 1/(k φ(v)) interpolates x for any v, but
// x is a memory only when |e_φ(v)| < 1. With the sigmoid and v = −3, e_φ(−3) ≈ −2.86: f(x) = x,
// J(x) has the eigenvalue e_φ(v), and a small perturbation of x grows under iteration. An exact
// construction, nothing is trained, so quick and paper are the same.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct Corollary1Settings {
  std::string act = "sigmoid";
  int k = 2, dim = 8, iterations = 8;
  double v = -3, perturbation = 1e-6;

  template <typename Field>
  void fields(Field&& field) {
    field("act", act, "activation φ");
    field("k", k, "hidden width", at_least(1));
    field("v", v, "the first layer's scalar (needs |e_φ(v)| > 1)");
    field("dim", dim, "dimension d of x", at_least(1));
    field("perturbation", perturbation, "size of the perturbation of x", positive());
    field("iterations", iterations, "iterations of f from the perturbed point", at_least(1));
  }
};

std::vector<std::pair<std::string, Corollary1Settings>> corollary1_presets();
// Comparison "λ1 = e_φ(v)" (all three conditions); measured: interpolation_error ‖f(x) − x‖,
// start and end distance of the perturbed orbit from x, second_eigenvalue.
ExperimentResult run_corollary1(const Corollary1Settings& settings, const ExperimentContext& context);

}  // namespace memo::am
