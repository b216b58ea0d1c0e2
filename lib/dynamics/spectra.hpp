// Spectra of (non-symmetric) Jacobians. J is not symmetric, so eigenvalues come from the
// general eigensolver and are complex; the spectral radius (attractor test, AM Prop. 1)
// and the operator norm (largest singular value) are different numbers and both reported.
#pragma once
#include <Eigen/Eigenvalues>
#include <functional>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

using ComplexVec = Eigen::VectorXcd;

// All eigenvalues, sorted by decreasing modulus.
ComplexVec eigenvalues(const Mat& J);
double spectral_radius(const Mat& J);
// Singular values, decreasing; the operator norm is the first.
Vec singular_values(const Mat& J);
double operator_norm(const Mat& J);
// Number of eigenvalues with | |λ| − 1 | < tol.
int count_near_unit_modulus(const ComplexVec& eigenvalues, double tol);

// What the apps report about the Jacobian at one point.
struct Spectrum {
  double spectral_radius = 0;
  double operator_norm = 0;
  ComplexVec eigenvalues;  // decreasing modulus; empty unless asked for
};
Spectrum spectrum(const Mat& J, bool keep_eigenvalues = false);
// The spectrum of J = A B (A: d × w, B: w × d) from w × w problems, for w < d: J's nonzero
// eigenvalues are those of B A (a product keeps them under cyclic rotation; the other d − w are
// 0), and its singular values are those of A Rᵀ, where Bᵀ = Q R is the thin QR factorisation
// (J = A Rᵀ Qᵀ and Qᵀ has orthonormal rows). For w ≥ d it forms J.
Spectrum spectrum_of_product(const Mat& A, const Mat& B, bool keep_eigenvalues = false);
// The spectra of many Jacobians side by side (parallel_runs: one eigensolver per thread).
std::vector<Spectrum> spectra(const std::vector<Mat>& Js, bool keep_eigenvalues = false);
// `count` spectra side by side the same way, the i-th from spectrum_i(i); an error names its i.
std::vector<Spectrum> spectra_of(int count, const std::function<Spectrum(int)>& spectrum_i);

}  // namespace memo
