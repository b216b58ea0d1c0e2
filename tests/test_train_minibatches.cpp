// Minibatch training (lib/nn/train.hpp): a batch of every example is the full-batch training
// bit for bit, one epoch on two batches is the two SGD steps computed by hand, the epoch order
// is a permutation fixed by (seed, epoch), and a training killed mid-epoch or at an epoch
// boundary resumes from its checkpoint to the uninterrupted training's bits.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "lib/nn/train.hpp"
#include "tests/scratch.hpp"

using namespace memo;

namespace {

struct Killed {};

Mlp tanh_net(Rng& rng) { return make_mlp({4, 32, 4}, parse_activation("tanh"), Parametrization::standard, true, rng); }

void check_same_weights(const Mlp& a, const Mlp& b) {
  for (size_t l = 0; l < a.layers.size(); ++l) {
    CHECK(a.layers[l].weight.value == b.layers[l].weight.value);
    CHECK(a.layers[l].bias.value == b.layers[l].bias.value);
  }
}

}  // namespace

TEST_CASE("minibatches: a batch of all examples (or more) is the full-batch training, bit for bit") {
  Rng rng(5);
  const Mat X = random_normal(4, 12, rng);
  const Mlp start = tanh_net(rng);
  Mlp full = start;
  Optimizer full_adam(Adam{.lr = 1e-2}, parameters(full));
  const TrainResult expected = train(full, X, X, LossKind::mse, full_adam, {.max_epochs = 25, .quiet = true});
  for (const long batch : {12L, 100L}) {
    Mlp mini = start;
    Optimizer mini_adam(Adam{.lr = 1e-2}, parameters(mini));
    const TrainResult result = train(mini, X, X, LossKind::mse, mini_adam,
                                     {.max_epochs = 25, .quiet = true, .batch_size = batch, .shuffle_seed = 9});
    CHECK(result.epochs == 25);
    CHECK(result.steps == expected.steps);
    CHECK(result.loss_history == expected.loss_history);  // 25 epoch losses and the final loss
    CHECK(result.final_loss == expected.final_loss);
    check_same_weights(mini, full);
  }
}

TEST_CASE("minibatches: one epoch of SGD on batches of 3 and 2 is two hand-computed steps") {
  Rng rng(11);
  const Mat X = random_normal(3, 5, rng);
  Mlp net = make_mlp({3, 3}, parse_activation("identity"), Parametrization::standard, true, rng);
  Mat W = net.layers[0].weight.value;
  Vec b = net.layers[0].bias.value.col(0);
  const double lr = 0.3;
  Optimizer sgd(Sgd{.lr = lr}, parameters(net));
  const TrainResult result =
      train(net, X, X, LossKind::mse, sgd, {.max_epochs = 1, .quiet = true, .batch_size = 3, .shuffle_seed = 4});

  // mse on a batch B: L = (1/(3|B|)) Σ_{j∈B} ‖W x_j + b − x_j‖², dL/dW = (2/(3|B|)) R X_Bᵀ, dL/db = (2/(3|B|)) R 1.
  const std::vector<Eigen::Index> order = epoch_order(5, 4, 0);
  double epoch_loss = 0;
  for (const auto& [begin, size] : {std::pair{0, 3}, std::pair{3, 2}}) {
    const std::vector<Eigen::Index> columns(order.begin() + begin, order.begin() + begin + size);
    const Mat XB = X(Eigen::all, columns);
    const Mat R = (W * XB).colwise() + b - XB;
    const double c = 2.0 / (3.0 * size);
    epoch_loss += R.squaredNorm() / (3.0 * size) * (size / 5.0);
    const Mat dW = c * R * XB.transpose();
    const Vec db = c * R.rowwise().sum();
    W -= lr * dW;
    b -= lr * db;
  }
  CHECK(result.steps == 2);
  CHECK(result.epochs == 1);
  CHECK((net.layers[0].weight.value - W).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((net.layers[0].bias.value.col(0) - b).cwiseAbs().maxCoeff() < 1e-14);
  REQUIRE(result.loss_history.size() == 2);
  CHECK(result.loss_history[0] == doctest::Approx(epoch_loss).epsilon(1e-14));
  const Mat R = (W * X).colwise() + b - X;  // the final loss: every example, the trained weights
  CHECK(result.final_loss == doctest::Approx(R.squaredNorm() / 15.0).epsilon(1e-14));
}

TEST_CASE("minibatches: epoch_order is a permutation fixed by the seed and the epoch") {
  const std::vector<Eigen::Index> a = epoch_order(50, 7, 3);
  std::vector<Eigen::Index> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (Eigen::Index i = 0; i < 50; ++i) CHECK(sorted[i] == i);
  CHECK(epoch_order(50, 7, 3) == a);
  CHECK(epoch_order(50, 7, 4) != a);
  CHECK(epoch_order(50, 8, 3) != a);
}

TEST_CASE("minibatches: killed mid-epoch or at an epoch boundary, a training resumes to the same bits") {
  const std::string path = (memo::testing::scratch_root() / "minibatch.checkpoint").string();
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  Rng rng(3);
  const Mat X = random_normal(4, 10, rng);  // batches of 4, 4, 2: three steps per epoch
  const Mlp start = tanh_net(rng);
  const TrainOptions plain{.max_epochs = 40, .quiet = true, .batch_size = 4, .shuffle_seed = 21};

  Mlp reference = start;
  Optimizer reference_adam(Adam{.lr = 1e-2}, parameters(reference));
  const TrainResult expected = train(reference, X, X, LossKind::mse, reference_adam, plain);
  REQUIRE(expected.steps == 120);

  // The checkpoint is written before the step whose batch loss the batch loss function is
  // asked for; killing inside that call leaves a checkpoint after `kill_at` steps.
  for (const long kill_at : {31L, 60L}) {  // mid-epoch (epoch 10, batch 1) and an epoch boundary (epoch 20)
    CAPTURE(kill_at);
    std::filesystem::remove(path);
    const Checkpointing checkpointing{.path = path, .every_minutes = 1e-12, .identity = "minibatch test"};
    Mlp first = start;
    Optimizer first_adam(Adam{.lr = 1e-2}, parameters(first));
    long calls = 0;
    const BatchLossFunction killing = [&](Tape& tape, const std::vector<Eigen::Index>& columns) {
      if (calls++ == kill_at) throw Killed{};
      return loss(LossKind::mse, forward(first, tape.constant(X(Eigen::all, columns))), X(Eigen::all, columns));
    };
    TrainOptions killed = plain;
    killed.checkpoint = checkpointing;
    CHECK_THROWS_AS(train_minibatches(first_adam, killing, X.cols(), killed), Killed);
    REQUIRE(std::filesystem::exists(path));

    Mlp resumed = start;
    Optimizer resumed_adam(Adam{.lr = 1e-2}, parameters(resumed));
    TrainOptions again = plain;
    again.checkpoint = checkpointing;
    const TrainResult result = train(resumed, X, X, LossKind::mse, resumed_adam, again);
    CHECK(result.steps == expected.steps);
    CHECK(result.epochs == expected.epochs);
    CHECK(result.loss_history == expected.loss_history);
    check_same_weights(resumed, reference);
    CHECK(resumed_adam.steps_taken() == reference_adam.steps_taken());
    CHECK_FALSE(std::filesystem::exists(path));
  }
}

TEST_CASE("minibatches: a batch size below 1 is refused") {
  Rng rng(1);
  const Mat X = random_normal(4, 6, rng);
  Mlp net = tanh_net(rng);
  Optimizer adam(Adam{}, parameters(net));
  const BatchLossFunction batch_loss = [&](Tape& tape, const std::vector<Eigen::Index>& columns) {
    return loss(LossKind::mse, forward(net, tape.constant(X(Eigen::all, columns))), X(Eigen::all, columns));
  };
  CHECK_THROWS_WITH_AS(train_minibatches(adam, batch_loss, X.cols(), {.quiet = true}),
                       doctest::Contains("batch size 0"), Error);
}
