// NumPy .npy and .npz files: the exchange format for data, weights and results.
// Data files hold examples as rows, shape (n, d); in memory examples are columns (d, n).
#pragma once
#include <cstddef>
#include <cstdint>
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
  std::string dtype = "f8";  // the file's element type; written as float64 unless "u1" (bytes)
  size_t size() const;
};

// Matrices round-trip as 2-D arrays: entry (i, j) of the Mat is arr[i, j] in NumPy.
NpyArray to_npy(const Mat& m);
// A 1-D array becomes a column vector; a 0-D array a 1×1 matrix; more dimensions are refused.
Mat to_matrix(const NpyArray& arr, const std::string& what);

// .npy: reads float64/float32/integer/bool arrays of either byte order and C or Fortran
// order, converting to double. Writes version 1.0, little-endian float64, C order.
// Every size is checked before anything is allocated: the header's shape (overflow-safe), the
// bytes the stream holds and the memory available.
NpyArray parse_npy(const std::string& bytes, const std::string& what);
// The total size (header + data) a .npy's header declares, from a prefix that holds the header.
uint64_t npy_size_from_header(const std::string& prefix, const std::string& what);
std::string format_npy(const NpyArray& arr);
NpyArray read_npy(const std::string& path);
void write_npy(const std::string& path, const NpyArray& arr);

Mat read_matrix(const std::string& path);  // a 2-D (or 1-D → column) .npy as stored
void write_matrix(const std::string& path, const Mat& m);

// Data sets: file shape (n, d) ↔ memory (d, n), examples as columns. Reading refuses empty
// sets (n = 0 or d = 0) and NaN or infinite entries.
Mat read_examples(const std::string& path);
void write_examples(const std::string& path, const Mat& X);

// .npz: a zip of .npy members. Reads what numpy.savez and savez_compressed write (stored
// or deflated members, zip64 extras); writes stored members. Names are given without ".npy".
using NpzEntries = std::vector<std::pair<std::string, NpyArray>>;
NpzEntries read_npz(const std::string& path);
NpzEntries parse_npz(const std::string& zip, const std::string& what);  // the bytes of a whole .npz
void write_npz(const std::string& path, const NpzEntries& entries);

// Whole-file helpers that name the path in their errors. read_file takes regular files only
// (their size is known before reading); write_file refuses a directory as the target.
std::string read_file(const std::string& path);
// Tools call this for every output before the work starts: it creates the folder and fails
// (naming `what`, e.g. "--save") when the path is a directory or cannot be written.
void check_output_path(const std::string& path, const std::string& what);
void write_file(const std::string& path, const std::string& bytes);

}  // namespace memo
