// IDX files, the format MNIST and Fashion-MNIST are distributed in (LeCun's description: two
// zero bytes, a type byte, the number of dimensions, then big-endian u32 sizes and the data in
// C order). Files may be gzip-compressed; the reader looks at the content, not the name.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include "lib/core/types.hpp"

namespace memo {

// An IDX array of unsigned bytes (type 0x08, the only type the image sets use).
struct IdxArray {
  std::vector<size_t> shape;
  std::vector<std::uint8_t> data;  // C order
};

// `what` names the source in errors (usually the path).
IdxArray parse_idx(const std::string& bytes, const std::string& what);
std::string format_idx(const IdxArray& arr);

// Reads a plain or gzip-compressed file; writes gzip when the path ends in ".gz".
IdxArray read_idx(const std::string& path);
// The bytes of a plain or gzip-compressed file; gzip output is bounded by the size its IDX header declares.
IdxArray decode_idx(std::string bytes, const std::string& what);
void write_idx(const std::string& path, const IdxArray& arr);

// gzip (RFC 1952) through zlib. Truncated or corrupt streams throw an Error naming `what`.
// More than `limit` bytes of output is an error; with `prefix`, the first `limit` bytes are returned.
std::string gunzip(const std::string& bytes, const std::string& what, size_t limit = SIZE_MAX, bool prefix = false);
std::string gzip(const std::string& bytes);
bool is_gzip(const std::string& bytes);

}  // namespace memo
