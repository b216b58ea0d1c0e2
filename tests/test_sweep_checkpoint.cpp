// Checkpoints of a training: killed after a checkpoint and resumed, it ends with the weights,
// loss history and generator state of the uninterrupted training, bit for bit.
#include <doctest/doctest.h>

#include <filesystem>

#include "lib/nn/train.hpp"
#include "tests/scratch.hpp"

using namespace memo;

namespace {

struct Killed {};

struct Setup {
  Mat X;
  Mlp net;
};

Setup setup() {
  Rng rng(3);
  Setup s;
  s.X = random_normal(4, 5, rng);
  s.net = make_mlp({4, 32, 4}, parse_activation("tanh"), Parametrization::standard, true, rng);
  return s;
}

}  // namespace

TEST_CASE("checkpoint: an Adam training killed at epoch 137 resumes to bit-identical weights") {
  const std::string path = (memo::testing::scratch_root() / "adam.checkpoint").string();
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::filesystem::remove(path);
  const TrainOptions plain{.max_epochs = 300, .quiet = true};

  Setup reference = setup();
  Optimizer reference_adam(Adam{.lr = 1e-2}, parameters(reference.net));
  const TrainResult expected = train(reference.net, reference.X, reference.X, LossKind::mse, reference_adam, plain);

  Rng rng(99), untouched(99);
  Checkpointing checkpointing{.path = path, .every_minutes = 1e-12, .rng = &rng, .identity = "adam 1e-2"};
  Setup first = setup();
  Optimizer first_adam(Adam{.lr = 1e-2}, parameters(first.net));
  TrainOptions killed = plain;
  killed.checkpoint = checkpointing;
  killed.on_epoch = [](long epoch, double) {
    if (epoch == 137) throw Killed{};
  };
  CHECK_THROWS_AS(train(first.net, first.X, first.X, LossKind::mse, first_adam, killed), Killed);
  REQUIRE(std::filesystem::exists(path));
  for (int i = 0; i < 10; ++i) rng();  // the generator moves on after the checkpoint …

  Setup resumed = setup();  // … and the new process starts from the initial weights
  Optimizer resumed_adam(Adam{.lr = 1e-2}, parameters(resumed.net));
  TrainOptions again = plain;
  again.checkpoint = checkpointing;
  const TrainResult result = train(resumed.net, resumed.X, resumed.X, LossKind::mse, resumed_adam, again);
  CHECK(result.epochs == expected.epochs);
  CHECK(result.loss_history == expected.loss_history);
  for (size_t l = 0; l < resumed.net.layers.size(); ++l) {
    CHECK(resumed.net.layers[l].weight.value == reference.net.layers[l].weight.value);
    CHECK(resumed.net.layers[l].bias.value == reference.net.layers[l].bias.value);
  }
  CHECK(resumed_adam.steps_taken() == reference_adam.steps_taken());
  CHECK(rng == untouched);  // the generator is back at its state when the checkpoint was written
  CHECK_FALSE(std::filesystem::exists(path));  // removed once the training ended

  // A checkpoint of another training is refused.
  Setup other = setup();
  Optimizer other_adam(Adam{.lr = 1e-2}, parameters(other.net));
  CHECK_THROWS_AS(train(other.net, other.X, other.X, LossKind::mse, other_adam, killed), Killed);
  checkpointing.identity = "adam 1e-3";
  again.checkpoint = checkpointing;
  CHECK_THROWS_WITH_AS(train(other.net, other.X, other.X, LossKind::mse, other_adam, again),
                       doctest::Contains("written by another training"), Error);
  std::filesystem::remove(path);
}
