// CLI11 checks that keep NaN, infinities, out-of-range counts and seeds beyond 64 bits out of
// every tool's flags. Each message names the value and the expected range with short bounds
// (CLI11's own Range and PositiveNumber print DBL_MAX with 300 digits).
#pragma once
#include <CLI/CLI.hpp>

namespace memo {

CLI::Validator finite_number();                      // any finite number
CLI::Validator finite_at_least(double lo);           // finite and >= lo
CLI::Validator finite_above(double lo);              // finite and > lo
CLI::Validator whole_in(long long lo, long long hi);  // an integer in [lo, hi]
CLI::Validator seed_check();                         // 0 … 2^64 − 1

}  // namespace memo
