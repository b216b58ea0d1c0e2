// AM Fig. 2 text ("Spurious Attractors"): the Fig. 2 network iterated from test images, uniform
// noise and Gaussian noise of variance 4; every trajectory's limit is classified (a training
// example, a spurious fixed point with its ρ(J), a cycle with ρ(J_{f^p}), diverged, or
// undecided after max_iterations), and the spurious attractors (spurious limits with ρ < 1)
// are counted. AM found none from 40,000 ImageNet-64 test images, 10,000 uniform and 10,000
// Gaussian starts.
//
// Substitutions: MNIST stands in for ImageNet-64 (the network and its presets are those of
// am-images, lib/experiments/am/image_memory.hpp). Only 10,000 MNIST images exist here, so the
// test starts are MNIST images outside the training set: the paper preset uses all 9,500 of
// them instead of 40,000. Uniform noise is U[0, 1]^d, the pixel range. Convergence and
// matching follow AM: ‖f^{k+1}(x) − f^k(x)‖ < 1e-8, and a limit within 1e-7 of x_i* (each
// limit Newton-polished first) is training example i. Measured with quick, seed 0: all 900
// starts end at a training example, no spurious limit at all (as AM reports).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "lib/experiments/am/image_memory.hpp"
#include "lib/experiments/experiment.hpp"

namespace memo::am {

struct SpuriousSettings {
  ImageMemorySettings network;

  int test_starts = 300, uniform_starts = 300, gaussian_starts = 300, max_iterations = 1000;
  double gaussian_std = 2;  // variance 4

  template <typename Field>
  void fields(Field&& field) {
    network.fields(field);
    field("test_starts", test_starts, "starts from images outside the training set", at_least(0));
    field("uniform_starts", uniform_starts, "starts from U[0, 1]^d", at_least(0));
    field("gaussian_starts", gaussian_starts, "starts from N(0, std² I)", at_least(0));
    field("gaussian_std", gaussian_std, "std of the Gaussian starts (AM: variance 4)", positive());
    field("max_iterations", max_iterations, "iteration limit per start", at_least(1));
  }
};

std::vector<std::pair<std::string, SpuriousSettings>> spurious_presets();
// Comparisons "spurious attractors" (AM: 0) and "examples that are attractors"; rows: one per
// start set with the count of every kind of limit; files: limits.csv (every spurious limit).
ExperimentResult run_spurious(const SpuriousSettings& settings, const ExperimentContext& context);

}  // namespace memo::am
