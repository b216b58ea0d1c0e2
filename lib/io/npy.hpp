// NumPy .npy and .npz files: the exchange format for data, weights and results.
// Data files hold examples as rows, shape (n, d); in memory examples are columns (d, n).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

// An n-dimensional array of doubles in C (row-major) order, as NumPy lays it out.
struct NpyArray {
  std::vector<size_t> shape;
  std::vector<double> data;
  size_t size() const;
};

// Matrices round-trip as 2-D arrays: entry (i, j) of the Mat is arr[i, j] in NumPy.
NpyArray to_npy(const Mat& m);
// A 1-D array becomes a column vector; a 0-D array a 1×1 matrix; more dimensions are refused.
Mat to_matrix(const NpyArray& arr, const std::string& what);

// .npy: reads float64/float32/integer/bool arrays of either byte order and C or Fortran
// order, converting to double. Writes version 1.0, little-endian float64, C order.
NpyArray parse_npy(const std::string& bytes, const std::string& what);
std::string format_npy(const NpyArray& arr);
NpyArray read_npy(const std::string& path);
void write_npy(const std::string& path, const NpyArray& arr);

Mat read_matrix(const std::string& path);  // a 2-D (or 1-D → column) .npy as stored
void write_matrix(const std::string& path, const Mat& m);

// Data sets: file shape (n, d) ↔ memory (d, n), examples as columns.
Mat read_examples(const std::string& path);
void write_examples(const std::string& path, const Mat& X);

// .npz: a zip of .npy members. Reads what numpy.savez and savez_compressed write (stored
// or deflated members, zip64 extras); writes stored members. Names are given without ".npy".
using NpzEntries = std::vector<std::pair<std::string, NpyArray>>;
NpzEntries read_npz(const std::string& path);
void write_npz(const std::string& path, const NpzEntries& entries);

// Whole-file helpers that name the path in their errors.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);

}  // namespace memo
