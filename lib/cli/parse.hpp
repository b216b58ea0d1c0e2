// Comma-separated numbers in flags and specs ("32,1000,32", "linear:0.25,0.5", "pixels:0.5,0,1").
#pragma once
#include <string>
#include <vector>

namespace memo {

// Every item must be a whole, finite number; otherwise Error("<what>: '<item>' is not a number").
std::vector<double> parse_number_list(const std::string& list, const std::string& what);

}  // namespace memo
