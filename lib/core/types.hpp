// Basic types shared by every module. Examples are matrix columns.
#pragma once
#include <Eigen/Dense>
#include <stdexcept>
#include <string>

namespace memo {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;

// The one exception type for bad input and failed numerics. `main` turns it into one line
// on stderr and exit code 2 (see cli.hpp).
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A training whose loss became NaN or infinite: programs exit 3 on it.
struct Diverged : Error {
  using Error::Error;
};

// Shape as "(rows, cols)" for error messages.
std::string shape_string(const Mat& m);

}  // namespace memo
