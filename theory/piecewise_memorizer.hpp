// Memorizing while reconstructing well (MEM Thm 6/7, App. I.1): for data in (0,1)^d,
// coordinate-wise piecewise-linear maps that fix every x_i with slope a = (δ − ε)/δ < 1 around
// it (so each x_i is an attractor) and move no point of [0,1] by more than ε, written as the
// weights of a 2-layer ReLU network.
//
// Per coordinate the map has 2n breakpoints x_i ± δ besides 0, so it needs 2n + 1 ReLUs:
// (2n+1)·d hidden units, not the (n+1)·d MEM states (a 1-hidden-layer ReLU net with m units
// has at most m breakpoints, and this map has 2n; theory/NOTES.md).
#pragma once
#include "lib/nn/mlp.hpp"

namespace memo {

struct PiecewiseMemorizer {
  Mlp net;      // widths {d, (2n+1)d, d}, relu, with biases
  Vec delta;    // δ_c = ¼ min gap between the values of coordinate c
  Vec epsilon;  // ε_c = min(ε, δ_c) (MEM: "if not, we can consider a smaller ε = δ")
  Vec slope;    // a_c = (δ_c − ε_c)/δ_c: the slope at every x_i in coordinate c
};

// X (d, n): examples as columns, every entry in (0,1), the values of each coordinate distinct.
// Throws Error when a coordinate repeats a value, or when x_1 ≤ δ or x_n ≥ 1 − δ (the end
// pieces would need infinite slope), or ε ≤ 0. For n = 1, δ = ¼ min(x_1, 1 − x_1).
PiecewiseMemorizer piecewise_memorizer(const Mat& X, double epsilon);

}  // namespace memo
