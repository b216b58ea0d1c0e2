// The U-Net experiments at tiny sizes (lib/experiments/am/unet.hpp, mem/unet.hpp): a U-Net
// trained on 2 smooth 8×8 images stores them as attractors (AM Prop. 1: ρ(J_f(x_i)) < 1, with
// ρ from the tape Jacobian's eigenvalues) and iteration recovers corrupted copies; one trained
// on a single image contracts squares, noise and other images to it (MEM Fig. 1b).
#include <doctest/doctest.h>

#include "lib/experiments/am/unet.hpp"
#include "lib/experiments/mem/unet.hpp"

using namespace memo;

TEST_CASE("am-unet, tiny: a trained U-Net's image is an attractor and corrupted copies return to it") {
  am::UNetMemorySettings s = am::unet_memory_presets().front().second;
  s.dataset = "smooth";
  s.images = 1;
  s.network.levels = 3;
  s.network.width = 4;
  s.lr = 1e-3;  // 10× AM's rate, to train within the test's time
  s.max_epochs = 1500;
  s.copies = 3;
  s.corruption = "gaussian:0.05";
  s.max_iterations = 3000;
  const ExperimentResult r = am::run_unet_memory(s, {.seed = 0, .threads = 1});
  CHECK(r.measured.at("final_loss").get<double>() < 1e-8);
  CHECK(r.measured.at("attractors").get<int>() == 1);
  CHECK(r.measured.at("max_spectral_radius").get<double>() < 1);
  CHECK(r.measured.at("max_spectral_radius").get<double>() > 0.1);
  CHECK(r.measured.at("recovered").get<int>() == 3);
  CHECK(r.measured.at("max_fixed_point_offset").get<double>() < 0.01);
}

TEST_CASE("mem-unet, tiny: one image; squares, noise and other images all contract to it") {
  mem::UNetSingleSettings s = mem::unet_single_presets().front().second;
  s.dataset = s.others = "smooth";
  s.network.size = 8;
  s.network.levels = 3;
  s.network.width = 4;
  s.lr = 1e-3;  // 10× AM's rate, to train within the test's time
  s.training_iterations = 1500;
  s.max_iterations = 500;
  const ExperimentResult r = mem::run_unet_single(s, {.seed = 0, .threads = 1});
  CHECK(r.measured.at("contracted").get<int>() == 9);
  CHECK(r.all_agree());
  CHECK(r.measured.at("limit_offset").get<double>() < 0.05);
  CHECK(r.measured.at("final_loss").get<double>() < 1e-4);
}
