// The one parser of numbers in flags and specs: comma-separated lists ("32,1000,32",
// "linear:0.25,0.5", "pixels:0.5,0,1") and seeds. The CLI11 checks built on it are in
// lib/cli/flag_checks.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace memo {

// Every item must be a whole, finite number; otherwise Error("<what>: '<item>' is not a number").
// An empty list is an error too.
std::vector<double> parse_number_list(const std::string& list, const std::string& what);

// The whole of `text` as a finite double (no trailing characters); false otherwise.
bool read_finite(const std::string& text, double& value);

// A whole non-negative integer of at most 64 bits ("18446744073709551616" and "-1" are refused).
uint64_t parse_seed(const std::string& text, const std::string& what);

}  // namespace memo
