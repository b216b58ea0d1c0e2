// Training: the linear autoencoder against its closed form at every step, a small
// network to loss < 1e-10, determinism, divergence.
#include <doctest/doctest.h>

#include <cmath>

#include "lib/compute/team.hpp"
#include "lib/nn/train.hpp"

using namespace memo;

TEST_CASE("linear autoencoder by GD from zero equals I − (I − γS)^t at every step") {
  // One linear layer without bias; half_sum_over_n has gradient (A − I) S / n, so the
  // closed form's step is γ = lr / n.
  Rng rng(1);
  const int d = 6, n = 3;
  const Mat X = random_normal(d, n, rng);
  Mlp net = make_mlp({d, d}, parse_activation("identity"), Parametrization::standard, false, rng);
  initialize(net, "zero", rng);
  const double lr = 0.2, gamma = lr / n;
  const Mat S = X * X.transpose();
  const Mat I = Mat::Identity(d, d);
  Optimizer sgd(Sgd{.lr = lr}, parameters(net));
  Mat power = I;  // (I − γS)^t
  double worst = 0;
  for (int t = 1; t <= 200; ++t) {
    train(net, X, X, LossKind::half_sum_over_n, sgd, {.max_epochs = 1, .quiet = true});
    power = (I - gamma * S) * power;
    worst = std::max(worst, (net.layers[0].weight.value - (I - power)).cwiseAbs().maxCoeff());
  }
  CHECK(worst < 1e-12);
  // and the limit is the projector X X^+ onto span(X)
  const Mat projector = X * X.completeOrthogonalDecomposition().pseudoInverse();
  Optimizer more(Sgd{.lr = lr}, parameters(net));
  train(net, X, X, LossKind::half_sum_over_n, more, {.tol = 1e-30, .max_epochs = 20000, .quiet = true});
  CHECK((net.layers[0].weight.value - projector).cwiseAbs().maxCoeff() < 1e-10);
}

TEST_CASE("a 2-layer network memorizes 3 points to loss < 1e-10") {
  Rng rng(2);
  const Mat X = random_normal(5, 3, rng);
  Mlp net = make_mlp({5, 200, 5}, parse_activation("tanh"), Parametrization::standard, true, rng);
  Optimizer adam(Adam{.lr = 1e-3}, parameters(net));
  const TrainResult result = train(net, X, X, LossKind::mse, adam, {.tol = 1e-10, .max_epochs = 20000, .quiet = true});
  CHECK(result.converged());
  CHECK(result.final_loss < 1e-10);
  CHECK((forward(net, X) - X).array().square().mean() == doctest::Approx(result.final_loss).epsilon(1e-12));
  CHECK(result.loss_history.size() == static_cast<size_t>(result.epochs + 1));
  CHECK(result.loss_history.front() > 1e-3);
}

TEST_CASE("the same seed gives the same bits") {
  auto run = [](uint64_t seed) {
    Rng rng(seed);
    const Mat X = random_normal(4, 6, rng);
    Mlp net = make_mlp({4, 64, 64, 4}, parse_activation("selu"), Parametrization::standard, true, rng);
    Optimizer opt(RmsProp{.lr = 1e-3}, parameters(net));
    train(net, X, X, LossKind::mse, opt, {.max_epochs = 50, .quiet = true});
    return net.layers[1].weight.value;
  };
  const Mat a = run(11), b = run(11), c = run(12);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("a diverging run stops with the epoch and a non-finite loss") {
  Rng rng(3);
  const Mat X = random_normal(3, 4, rng) * 10;
  Mlp net = make_mlp({3, 50, 3}, parse_activation("exp2"), Parametrization::standard, true, rng);
  Optimizer sgd(Sgd{.lr = 10}, parameters(net));
  const TrainResult result = train(net, X, X, LossKind::mse, sgd, {.max_epochs = 1000, .quiet = true});
  CHECK(result.status == TrainStatus::diverged);
  CHECK_FALSE(std::isfinite(result.final_loss));
  CHECK(result.epochs < 1000);
  CHECK(result.describe().find("diverged at epoch") != std::string::npos);
}

TEST_CASE("mismatched data and widths are refused") {
  Rng rng(4);
  Mlp net = make_mlp({3, 5, 3}, parse_activation("tanh"), Parametrization::standard, true, rng);
  Optimizer sgd(Sgd{.lr = 0.1}, parameters(net));
  CHECK_THROWS_WITH_AS(train(net, Mat::Ones(4, 2), Mat::Ones(4, 2), LossKind::mse, sgd, {}),
                       doctest::Contains("do not match"), Error);
}

TEST_CASE("an MLP's step runs on one thread below 2^19 multiply-adds per product (2^17 for the two-layer step), on all above") {
  // Widths 32, 1024, 32: each product of a step on n examples is 32·1024·n = 2^15·n
  // multiply-adds. Full batch, the network takes the two-layer step, whose threshold n = 4 is;
  // in minibatches it runs on the tape, whose threshold is n = 16. The step's thread count is
  // seen from inside the training (on_epoch) and must be restored afterwards, also after a throw.
  const ComputeThreadsScope two(2);
  Rng rng(3);
  Mlp net = make_mlp({32, 1024, 32}, parse_activation("sigmoid"), Parametrization::ntk, false, rng);
  auto threads_during_training = [&](int n, long batch_size) {
    const Mat X = random_normal(32, n, rng);
    Optimizer gd(Sgd{.lr = 0.1}, parameters(net));
    int seen = 0;
    train(net, X, X, LossKind::half_sum_over_n, gd,
          {.max_epochs = 1, .quiet = true, .on_epoch = [&](long, double) { seen = compute_threads(); },
           .batch_size = batch_size});
    return seen;
  };
  CHECK(threads_during_training(3, 0) == 1);
  CHECK(threads_during_training(4, 0) == 2);
  CHECK(threads_during_training(64, 15) == 1);  // minibatches of 15
  CHECK(threads_during_training(64, 16) == 2);
  CHECK(threads_during_training(10, 100) == 1);  // a batch larger than the data is the data
  CHECK(compute_threads() == 2);
  const Mat X = random_normal(32, 5, rng);
  Optimizer gd(Sgd{.lr = 0.1}, parameters(net));
  const Checkpointing never = {.path = "unused.ckpt", .every_minutes = 0};  // thrown inside the training
  CHECK_THROWS_AS(train(net, X, X, LossKind::half_sum_over_n, gd, {.max_epochs = 1, .quiet = true, .checkpoint = never}),
                  Error);
  CHECK(compute_threads() == 2);
}
