// train — fit an MLP autoencoder (or any map X → Y) to data, full batch the way the papers
// did (or in shuffled minibatches with --batch-size, as PyTorch's DataLoader), and save its
// weights for the other tools (jacobian, iterate, theory ntk-predict).
//
//   build/bin/train --data X.npy --widths 32,1000,32 --act sigmoid --param ntk --opt sgd --lr 1
//                   --loss half_sum_over_n --tol 1e-7 --max-epochs 100000 --save final.npz
//
// Data files have shape (n, d): one example per row. Exit 2 on bad input, 3 on divergence.
// --checkpoint-every MINUTES: a killed training re-run with the same command resumes from its
// last checkpoint and ends with the same bits (lib/nn/checkpoint).
#include <fmt/format.h>

#include "lib/cli/cli.hpp"
#include "lib/cli/flag_checks.hpp"
#include "lib/io/csv.hpp"
#include "lib/io/model_io.hpp"
#include "lib/io/npy.hpp"
#include "lib/nn/train.hpp"

using namespace memo;

int main(int argc, char** argv) {
  CLI::App app{"Train an MLP autoencoder on a .npy data set (examples as rows).", "train"};
  std::string data_path, targets_path, widths_text, act_name = "sigmoid", param_name = "standard";
  std::string init_spec = "default", opt_name = "sgd", loss_name = "mse";
  std::string save_init, save_final, log_path, checkpoint_path;
  double checkpoint_minutes = 0;
  int bias = -1, threads = 0;
  double lr = 0.1, momentum = 0, weight_decay = 0, tol = 1e-7;
  long max_epochs = 10000, batch_size = 0;
  unsigned long shuffle_seed = 0;
  unsigned long seed = 0;
  bool json = false, quiet = false;
  app.add_option("--data", data_path, "training inputs, .npy of shape (n, d)")->required();
  app.add_option("--targets", targets_path, "targets .npy (n, d_out); default: the inputs (autoencoder)");
  app.add_option("--widths", widths_text, "layer widths d,k1,…,d_out, e.g. 32,1000,32")->required();
  app.add_option("--act", act_name, "activation (sigmoid, power:3, linear:0.25,0.5, …)")->capture_default_str();
  app.add_option("--param", param_name, "parametrization: standard | ntk")->capture_default_str();
  app.add_option("--bias", bias, "1: layers have a bias, 0: none (default 1 standard, 0 ntk)")
      ->check(whole_in(0, 1));
  app.add_option("--init", init_spec,
                 "default | zero | const:c | uniform:a | normal:s | xavier_uniform | xavier_normal | "
                 "kaiming_uniform | kaiming_normal | FILE.npz")->capture_default_str();
  app.add_option("--opt", opt_name, "optimizer: sgd | rmsprop | adam")->capture_default_str();
  app.add_option("--lr", lr, "learning rate")->capture_default_str()->check(finite_above(0));
  app.add_option("--momentum", momentum, "momentum (sgd, rmsprop)")->capture_default_str()->check(finite_at_least(0));
  app.add_option("--weight-decay", weight_decay, "L2 weight decay added to the gradient")->capture_default_str()->check(finite_at_least(0));
  app.add_option("--loss", loss_name, "mse | half_sum_over_n")->capture_default_str();
  app.add_option("--tol", tol, "stop when the loss is below this")->capture_default_str()->check(finite_at_least(0));
  app.add_option("--max-epochs", max_epochs, "epoch limit")->capture_default_str()->check(whole_in(0, 1'000'000'000'000));
  app.add_option("--batch-size", batch_size,
                 "examples per optimizer step, shuffled every epoch (0: full batch); the loss is then the epoch's mean batch loss")
      ->capture_default_str()->check(whole_in(0, 1'000'000'000));
  app.add_option("--shuffle-seed", shuffle_seed, "random seed of the minibatch order")->capture_default_str()->check(seed_check());
  app.add_option("--seed", seed, "random seed of the initialisation")->capture_default_str()->check(seed_check());
  app.add_option("--threads", threads, "threads (0: all cores)")->capture_default_str()->check(whole_in(0, 4096));
  app.add_option("--save-init", save_init, "write the initial weights (.npz)");
  app.add_option("--save", save_final, "write the trained weights (.npz)");
  app.add_option("--log", log_path, "write the loss history (CSV: epoch,loss)");
  app.add_option("--checkpoint-every", checkpoint_minutes,
                 "write a checkpoint every MINUTES; the same command after a kill resumes from it")
      ->check(CLI::PositiveNumber);
  app.add_option("--checkpoint", checkpoint_path, "checkpoint file (default: the --save path + .checkpoint)");
  app.add_flag("--json", json, "print {epochs, final_loss, converged, seconds} as JSON");
  app.add_flag("--quiet", quiet, "no progress line");

  return run_main(app, argc, argv, [&] {
    set_threads(threads);
    // Every output is checked before the work, so a bad path does not cost a training run.
    for (const auto& [flag, path] : {std::pair{"--save", save_final}, {"--save-init", save_init}, {"--log", log_path}})
      if (!path.empty()) check_output_path(path, flag);
    const Mat X = read_examples(data_path);
    const Mat Y = targets_path.empty() ? X : read_examples(targets_path);
    if (Y.cols() != X.cols())
      throw Error(fmt::format("{} has {} examples but {} has {}", data_path, X.cols(), targets_path, Y.cols()));
    const std::vector<int> widths = parse_widths(widths_text);
    if (widths.front() != X.rows() || widths.back() != Y.rows())
      throw Error(fmt::format("--widths {} must start with the data dimension {} and end with {}",
                              widths_text, X.rows(), Y.rows()));
    check_mlp_memory(widths, double(X.cols()), fmt::format("training widths {} on {} examples", widths_text, X.cols()));
    const Parametrization param = parse_parametrization(param_name);
    const bool with_bias = bias < 0 ? param == Parametrization::standard : bias == 1;
    Rng rng(seed);
    Mlp net = make_mlp(widths, parse_activation(act_name), param, with_bias, rng);
    if (init_spec.ends_with(".npz")) load_mlp_weights(init_spec, net);
    else if (init_spec != "default") initialize(net, init_spec, rng);
    if (!save_init.empty()) save_mlp(save_init, net);

    Optimizer optimizer(make_optimizer_config(opt_name, lr, momentum, weight_decay), parameters(net));
    Checkpointing checkpoint;
    if (checkpoint_minutes > 0) {
      checkpoint.path = !checkpoint_path.empty() ? checkpoint_path
                        : (save_final.empty() ? std::string("train") : save_final) + ".checkpoint";
      checkpoint.every_minutes = checkpoint_minutes;
      checkpoint.rng = &rng;
      checkpoint.identity = fmt::format("{} {} {} {} {} {} {} {} {} {} {} {} {} {}", data_path, targets_path,
                                        widths_text, act_name, param_name, with_bias, init_spec, opt_name, lr,
                                        momentum, weight_decay, loss_name, seed, tol)
                            + (batch_size > 0 ? fmt::format(" batches {} {}", batch_size, shuffle_seed) : "");
    }
    const TrainResult result = train(net, X, Y, parse_loss(loss_name), optimizer,
                                     {.tol = tol, .max_epochs = max_epochs, .quiet = quiet || json,
                                      .checkpoint = checkpoint, .batch_size = batch_size,
                                      .shuffle_seed = shuffle_seed});
    if (!log_path.empty()) {
      CsvTable log({"epoch", "loss"});
      for (size_t e = 0; e < result.loss_history.size(); ++e)
        log.add_row({static_cast<long>(e), result.loss_history[e]});
      log.write(log_path);
    }
    if (result.status == TrainStatus::diverged) {
      fmt::print(stderr, "train: {}\n", result.describe());
      return kExitDiverged;
    }
    if (!save_final.empty()) save_mlp(save_final, net);
    if (json) {
      print_json({{"epochs", result.epochs}, {"final_loss", result.final_loss},
                  {"converged", result.converged()}, {"seconds", result.seconds}});
    } else {
      fmt::print("{} ({:.2f} s, {} parameters)\n", result.describe(), result.seconds, parameter_count(net));
    }
    return kExitOk;
  });
}
