// The fully connected autoencoders of MEM §3 (Figs. 2–4, 11, 12): `depth` hidden layers of
// `width` units, trained on the examples as targets. MEM names no optimizer for these figures;
// its App. F trains by GD (lr 0.1) until the loss is below 1e-6 and switches to Adam (lr 1e-4)
// for networks deeper than 10 layers, so Adam with lr 1e-4 is the default here and
// --optimizer sgd --lr 0.1 gives the GD variant. Shared by mem-init, mem-swissroll and
// mem-mnist-trajectories.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/image_set.hpp"
#include "lib/dynamics/dynamical_map.hpp"
#include "lib/cli/settings.hpp"
#include "lib/nn/mlp.hpp"
#include "lib/nn/train.hpp"

namespace memo::mem {

struct FcNetworkSettings {
  int depth = 7, width = 128;
  std::string act = "leaky_relu", init = "default", optimizer = "adam";
  double lr = 1e-4, tol = 1e-6;
  long max_epochs = 20000;
  // 0: full batch (Figs. 2–4, 12). Otherwise minibatches of this many examples, shuffled
  // every epoch (Fig. 11's 50,000 images); its experiment lists it as a flag.
  long batch_size = 0;

  template <typename Field>
  void fields(Field&& field) {
    field("depth", depth, "hidden layers", within(1, 1000));
    field("width", width, "hidden width", within(1, 100000));
    field("act", act, "activation of the hidden layers");
    field("init", init, "initialisation (default, xavier_uniform, kaiming_normal, normal:s, …)");
    field("optimizer", optimizer, "sgd (plain GD), rmsprop or adam");
    field("lr", lr, "learning rate", within(1e-12, 10));
    field("tol", tol, "train until the MSE is below this", positive());
    field("max_epochs", max_epochs, "training epoch limit", within(1, 1e9));
  }
};

// widths d, width × depth, d.
std::vector<int> fc_widths(int dim, const FcNetworkSettings& s);
// The untrained network: PyTorch's nn.Linear layers, then `s.init` applied to them.
Mlp make_fc_autoencoder(int dim, const FcNetworkSettings& s, Rng& rng);

struct FcAutoencoder {
  Mlp net;
  TrainResult training;
};
// Trains a fresh network (drawn from `seed`; minibatches shuffled from run_seed(seed, 1)) on
// X → X with the MSE loss, resumable through `checkpoint`. Throws Diverged when the loss
// becomes NaN or infinite.
FcAutoencoder train_fc_autoencoder(const Mat& X, const FcNetworkSettings& s, std::uint64_t seed, bool quiet,
                                   const Checkpointing& checkpoint = {}, bool keep_history = false);

// f^t(z) for every column z of `starts` and every t in `at` (ascending, ≥ 0). A trajectory
// stops moving once a step is below step_tol (its later iterates differ by less than
// step_tol·ρ/(1 − ρ)) or once it leaves ‖x‖ < 1e8 (then it keeps its last finite point and
// counts as diverged), so converged points cost nothing.
struct Snapshots {
  std::vector<Mat> points;          // one (d, n) matrix per entry of `at`
  std::vector<int> steps;           // per start: applications of f until it stopped (or the last t)
  std::vector<bool> diverged;       // per start
};
Snapshots iterate_snapshots(const DynamicalMap& f, const Mat& starts, const std::vector<int>& at, double step_tol = 1e-8);

// `train` images and `starts` further images of the set, disjoint, drawn uniformly by `seed`.
struct ImageSplit {
  Mat train, starts;
  int side = 0;
};
ImageSplit split_images(const ImageSet& set, int train, int starts, std::uint64_t seed);

// A matrix as text, its entries column by column in the shortest form that reads back to the
// same double (a sweep row keeps what a figure needs this way), and back; Error when the text
// holds fewer than rows × cols numbers.
std::string matrix_text(const Mat& m);
Mat matrix_from_text(const std::string& text, Eigen::Index rows, Eigen::Index cols);

// Square images (columns of length side²) tiled row by row into one matrix for gnuplot's
// `matrix with image`: tiles[r][c] is drawn at row r, column c, with a one-pixel gap of
// value `gap`; a missing tile (shorter row) stays `gap`.
Mat tile_images(const std::vector<std::vector<Vec>>& tiles, int side, double gap = 1.0);

// The gnuplot script that draws a tile_images matrix written as `csv` (e.g. '$OUT/strip.csv'),
// in grey on [0, 1], on a width_px × height_px PNG.
std::string tiled_images_script(const std::string& csv, const std::string& title, int width_px, int height_px);

}  // namespace memo::mem
