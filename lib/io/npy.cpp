#include "lib/io/npy.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <charconv>
#include <cmath>
#include <sstream>

#include "lib/io/memory.hpp"

namespace memo {
namespace {

constexpr char kMagic[] = "\x93NUMPY";

template <typename T>
T load_scalar(const char* p, bool swap) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  if (swap) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
    std::memcpy(&value, bytes, sizeof(T));
  }
  return value;
}

// Converts `count` elements of NumPy type `kind``width` (e.g. f8, i4, u1, b1) to double.
std::vector<double> convert(const char* p, size_t count, char kind, int width, bool swap,
                            const std::string& what) {
  std::vector<double> out(count);
  for (size_t i = 0; i < count; ++i, p += width) {
    double v;
    if (kind == 'f' && width == 8) v = load_scalar<double>(p, swap);
    else if (kind == 'f' && width == 4) v = load_scalar<float>(p, swap);
    else if (kind == 'i' && width == 8) v = static_cast<double>(load_scalar<int64_t>(p, swap));
    else if (kind == 'i' && width == 4) v = load_scalar<int32_t>(p, swap);
    else if (kind == 'i' && width == 2) v = load_scalar<int16_t>(p, swap);
    else if (kind == 'i' && width == 1) v = load_scalar<int8_t>(p, false);
    else if (kind == 'u' && width == 8) v = static_cast<double>(load_scalar<uint64_t>(p, swap));
    else if (kind == 'u' && width == 4) v = load_scalar<uint32_t>(p, swap);
    else if (kind == 'u' && width == 2) v = load_scalar<uint16_t>(p, swap);
    else if ((kind == 'u' || kind == 'b') && width == 1) v = load_scalar<uint8_t>(p, false);
    else throw Error(fmt::format("{}: unsupported dtype {}{}", what, kind, width));
    out[i] = v;
  }
  return out;
}

}  // namespace

size_t NpyArray::size() const {
  size_t n = 1;
  for (size_t s : shape) n *= s;
  return n;
}

NpyArray to_npy(const Mat& m) {
  NpyArray arr;
  arr.shape = {static_cast<size_t>(m.rows()), static_cast<size_t>(m.cols())};
  arr.data.resize(m.size());
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      arr.data.data(), m.rows(), m.cols()) = m;
  return arr;
}

Mat to_matrix(const NpyArray& arr, const std::string& what) {
  if (arr.shape.size() > 2)
    throw Error(fmt::format("{}: expected a 1-D or 2-D array, got {} dimensions", what, arr.shape.size()));
  const size_t rows = arr.shape.empty() ? 1 : arr.shape[0];
  const size_t cols = arr.shape.size() == 2 ? arr.shape[1] : 1;
  if (rows == 0 || cols == 0)  // no data to map; the shape alone allocates nothing
    return Mat(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      arr.data.data(), static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
}

namespace {

// What a .npy header says, checked: element type, order, shape and where the data lies.
struct NpyHeader {
  char kind = 'f';
  int width = 8;
  bool swap = false;
  bool fortran = false;
  std::vector<size_t> shape;
  size_t data_offset = 0;  // bytes before the data
  uint64_t data_bytes = 0;  // count · width, overflow-checked
};

// NumPy writes headers of a few hundred bytes (and refuses to read ones above 10,000 by default).
constexpr size_t kMaxHeader = 1 << 20;
constexpr size_t kMaxDims = 64;  // NumPy's NPY_MAXDIMS

// The prefix that fixes the header length: magic, version and the length field.
size_t header_prefix_size(const std::string& bytes, const std::string& what) {
  if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0)
    throw Error(fmt::format("{}: not a .npy file (it does not start with \\x93NUMPY)", what));
  const int major = static_cast<unsigned char>(bytes[6]);
  if (major == 1) return 10;
  if (major == 2 || major == 3) return 12;
  throw Error(fmt::format("{}: unsupported .npy version {}", what, major));
}

size_t header_length(const std::string& bytes, const std::string& what) {
  const size_t prefix = header_prefix_size(bytes, what);
  if (bytes.size() < prefix) throw Error(fmt::format("{}: truncated .npy header", what));
  const bool swap = std::endian::native == std::endian::big;
  const size_t length = prefix == 10 ? load_scalar<uint16_t>(bytes.data() + 8, swap)
                                     : load_scalar<uint32_t>(bytes.data() + 8, swap);
  if (length > kMaxHeader)
    throw Error(fmt::format("{}: .npy header of {} bytes, expected at most {}", what, length, kMaxHeader));
  return prefix + length;
}

// The header as an error message shows it: one line, at most 160 characters.
std::string shown(const std::string& header) {
  std::string line = header.substr(0, 160);
  for (char& ch : line)
    if (ch == '\n' || ch == '\r') ch = ' ';
  line.erase(line.find_last_not_of(' ') + 1);
  return header.size() > 160 ? line + "…" : line;
}

// The text after 'key': in the header dictionary, with the colon and spaces skipped.
size_t find_value(const std::string& header, const std::string& key, const std::string& what) {
  const size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) throw Error(fmt::format("{}: .npy header has no '{}': {}", what, key, shown(header)));
  size_t p = header.find_first_not_of(" \t", at + key.size() + 2);
  if (p == std::string::npos || header[p] != ':') throw Error(fmt::format("{}: malformed .npy header {}", what, shown(header)));
  p = header.find_first_not_of(" \t", p + 1);
  if (p == std::string::npos) throw Error(fmt::format("{}: malformed .npy header {}", what, shown(header)));
  return p;
}

NpyHeader parse_header(const std::string& bytes, const std::string& what) {
  NpyHeader h;
  h.data_offset = header_length(bytes, what);
  if (bytes.size() < h.data_offset) throw Error(fmt::format("{}: truncated .npy header", what));
  const size_t prefix = header_prefix_size(bytes, what);
  const std::string header = bytes.substr(prefix, h.data_offset - prefix);

  size_t p = find_value(header, "descr", what);
  const size_t close = header[p] == '\'' ? header.find('\'', p + 1) : std::string::npos;
  const std::string descr = close == std::string::npos ? "" : header.substr(p + 1, close - p - 1);
  const bool known = descr.size() == 3 && std::string("<>|=").find(descr[0]) != std::string::npos &&
                     ((descr[1] == 'f' && (descr[2] == '8' || descr[2] == '4')) ||
                      ((descr[1] == 'i' || descr[1] == 'u') && std::string("1248").find(descr[2]) != std::string::npos) ||
                      (descr[1] == 'b' && descr[2] == '1'));
  if (!known)
    throw Error(fmt::format("{}: unsupported dtype in header {} (expected float64/32, integers or bool)", what, shown(header)));
  h.kind = descr[1];
  h.width = descr[2] - '0';
  h.swap = h.width > 1 && ((descr[0] == '>' && std::endian::native == std::endian::little) ||
                           (descr[0] == '<' && std::endian::native == std::endian::big));

  p = find_value(header, "fortran_order", what);
  if (header.compare(p, 4, "True") == 0) h.fortran = true;
  else if (header.compare(p, 5, "False") != 0)
    throw Error(fmt::format("{}: fortran_order must be True or False in header {}", what, shown(header)));

  p = find_value(header, "shape", what);
  const size_t end = header[p] == '(' ? header.find(')', p) : std::string::npos;
  if (end == std::string::npos) throw Error(fmt::format("{}: malformed shape in header {}", what, shown(header)));
  const std::string dims = header.substr(p + 1, end - p - 1);
  // "(3, 4)", "(3,)" and "()": items split at commas; only the one after a final comma may be empty.
  for (size_t start = 0; start <= dims.size();) {
    const size_t comma = std::min(dims.find(',', start), dims.size());
    const size_t first = dims.find_first_not_of(" \t", start);
    if (first >= comma) {
      if (comma < dims.size())
        throw Error(fmt::format("{}: malformed shape ({}) in header", what, shown(dims)));
      break;
    }
    const size_t last = dims.find_last_not_of(" \t", comma - 1);
    uint64_t size = 0;
    const auto [stop, ec] = std::from_chars(dims.data() + first, dims.data() + last + 1, size);
    if (ec != std::errc() || stop != dims.data() + last + 1)
      throw Error(fmt::format("{}: shape entry '{}' is not a whole number >= 0", what,
                              shown(dims.substr(first, last + 1 - first))));
    // NumPy's sizes are signed 64-bit (intp), and so are Eigen's; a zero-size array could
    // otherwise carry a dimension that turns negative as an Eigen::Index.
    if (size > uint64_t(std::numeric_limits<int64_t>::max()))
      throw Error(fmt::format("{}: shape entry {} is above 2^63 − 1", what, size));
    h.shape.push_back(size);
    if (h.shape.size() > kMaxDims) throw Error(fmt::format("{}: more than {} dimensions", what, kMaxDims));
    start = comma + 1;
  }
  const auto count = checked_product(h.shape);
  const auto data_bytes = count ? checked_product(*count, h.width) : std::nullopt;
  if (!data_bytes) throw Error(fmt::format("{}: shape ({}) has more elements than 64 bits can count", what, shown(dims)));
  h.data_bytes = *data_bytes;
  return h;
}

NpyArray decode(const NpyHeader& h, const char* data, const std::string& what) {
  NpyArray arr;
  arr.shape = h.shape;
  arr.dtype = fmt::format("{}{}", h.kind, h.width);
  const size_t count = h.data_bytes / h.width;
  check_memory(8.0 * count, what);
  arr.data = convert(data, count, h.kind, h.width, h.swap, what);
  if (h.fortran && arr.shape.size() >= 2) {  // reorder column-major to C order
    std::vector<double> c_order(count);
    std::vector<size_t> index(arr.shape.size(), 0);
    for (size_t f = 0; f < count; ++f) {
      size_t c = 0;
      for (size_t d = 0; d < arr.shape.size(); ++d) c = c * arr.shape[d] + index[d];
      c_order[c] = arr.data[f];
      for (size_t d = 0; d < arr.shape.size() && ++index[d] == arr.shape[d]; ++d) index[d] = 0;
    }
    arr.data = std::move(c_order);
  }
  return arr;
}

std::string truncated(const NpyHeader& h, size_t have, const std::string& what) {
  return fmt::format("{}: truncated data: shape needs {} bytes, file has {}", what, h.data_bytes, have);
}

}  // namespace

NpyArray parse_npy(const std::string& bytes, const std::string& what) {
  const NpyHeader h = parse_header(bytes, what);
  const size_t have = bytes.size() - h.data_offset;
  if (have < h.data_bytes) throw Error(truncated(h, have, what));
  return decode(h, bytes.data() + h.data_offset, what);
}

uint64_t npy_size_from_header(const std::string& prefix, const std::string& what) {
  const NpyHeader h = parse_header(prefix, what);
  const auto total = h.data_offset + h.data_bytes;
  if (total < h.data_bytes) throw Error(fmt::format("{}: size overflows 64 bits", what));
  return total;
}

std::string format_npy(const NpyArray& arr) {
  std::string shape;
  for (size_t s : arr.shape) shape += fmt::format("{}, ", s);
  if (arr.shape.size() > 1) shape.resize(shape.size() - 2);  // (3, 4) but (3,)
  else if (arr.shape.size() == 1) shape.resize(shape.size() - 1);
  const bool bytes = arr.dtype == "u1";
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}",
                                   bytes ? "|u1" : "<f8", shape);
  // Pad so that magic + version + length + header is a multiple of 64 bytes, ending in \n.
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  const uint16_t len = static_cast<uint16_t>(header.size());
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  out += header;
  static_assert(std::endian::native == std::endian::little, "writer assumes a little-endian host");
  if (bytes) {
    for (double v : arr.data) {
      if (!(v >= 0 && v <= 255 && v == std::floor(v)))
        throw Error(fmt::format("a uint8 array cannot hold {}", v));
      out += static_cast<char>(static_cast<unsigned char>(v));
    }
  } else {
    out.append(reinterpret_cast<const char*>(arr.data.data()), arr.data.size() * sizeof(double));
  }
  return out;
}

namespace {

// Fails unless `path` names something a file can be read from (not a directory).
void check_readable(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw Error(fmt::format("{}: is a directory, expected a file", path));
}

std::string read_exactly(std::istream& in, size_t count, const std::string& path) {
  std::string bytes(count, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(count));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) throw Error(fmt::format("{}: read error", path));
  return bytes;
}

}  // namespace

std::string read_file(const std::string& path) {
  check_readable(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open ({})", path, std::strerror(errno)));
  std::error_code error;
  const bool regular = std::filesystem::is_regular_file(path, error);
  if (!regular)
    throw Error(fmt::format("{}: not a regular file (a whole-file reader cannot bound its size)", path));
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw Error(fmt::format("{}: cannot read its size ({})", path, error.message()));
  check_memory(double(size), fmt::format("reading {}", path));
  return read_exactly(in, size, path);
}

void check_output_path(const std::string& path, const std::string& what) {
  const std::filesystem::path target(path);
  std::error_code error;
  if (path.empty() || std::filesystem::is_directory(target, error) || !target.has_filename())
    throw Error(fmt::format("{} '{}': is a directory, expected a file name", what, path));
  try {
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
  } catch (const std::filesystem::filesystem_error& e) {
    throw Error(fmt::format("{} '{}': cannot create its folder ({})", what, path, e.code().message()));
  }
  const std::string probe = path + ".partial";
  const bool existed = std::filesystem::exists(probe, error);
  {
    std::ofstream out(probe, std::ios::binary | std::ios::app);
    if (!out) throw Error(fmt::format("{} '{}': cannot write ({})", what, path, std::strerror(errno)));
  }
  if (!existed) std::filesystem::remove(probe, error);
}

// Written to a temporary file and renamed, so a reader never sees half a file and an
// interrupted run never destroys the previous result.
void write_file(const std::string& path, const std::string& bytes) {
  check_output_path(path, "output");
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("{}: cannot write ({})", path, std::strerror(errno)));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw Error(fmt::format("{}: write error", path));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw Error(fmt::format("{}: cannot replace it ({})", path, error.message()));
  }
}

// Reads the header first and then only the bytes it declares, so a stream that is not a .npy
// (/dev/zero, a directory, a huge file) fails before anything large is read.
NpyArray read_npy(const std::string& path) {
  check_readable(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open ({})", path, std::strerror(errno)));
  std::string bytes = read_exactly(in, 12, path);
  const size_t length = header_length(bytes, path);
  if (bytes.size() < length) bytes += read_exactly(in, length - bytes.size(), path);
  const NpyHeader h = parse_header(bytes, path);
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) {
    const auto size = std::filesystem::file_size(path, error);
    if (!error && size - h.data_offset < h.data_bytes) throw Error(truncated(h, size - h.data_offset, path));
  }
  check_memory(double(h.data_bytes) + 8.0 * double(h.data_bytes / h.width), fmt::format("reading {}", path));
  std::string data = bytes.substr(std::min(bytes.size(), h.data_offset));
  if (data.size() < h.data_bytes) data += read_exactly(in, h.data_bytes - data.size(), path);
  if (data.size() < h.data_bytes) throw Error(truncated(h, data.size(), path));
  return decode(h, data.data(), path);
}
void write_npy(const std::string& path, const NpyArray& arr) { write_file(path, format_npy(arr)); }

Mat read_matrix(const std::string& path) { return to_matrix(read_npy(path), path); }
void write_matrix(const std::string& path, const Mat& m) { write_npy(path, to_npy(m)); }

Mat read_examples(const std::string& path) {
  const NpyArray arr = read_npy(path);
  if (arr.shape.size() != 2)
    throw Error(fmt::format("{}: data must be a 2-D array of shape (n, d), got {} dimensions", path,
                            arr.shape.size()));
  if (arr.shape[0] == 0 || arr.shape[1] == 0)
    throw Error(fmt::format("{}: data of shape ({}, {}) is empty; expected n >= 1 examples of dimension d >= 1",
                            path, arr.shape[0], arr.shape[1]));
  for (double v : arr.data)
    if (!std::isfinite(v)) throw Error(fmt::format("{}: data contains NaN or infinity", path));
  return to_matrix(arr, path).transpose();
}

void write_examples(const std::string& path, const Mat& X) { write_matrix(path, X.transpose()); }

}  // namespace memo
