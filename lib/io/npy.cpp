#include "lib/io/npy.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <regex>
#include <sstream>

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
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      arr.data.data(), static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
}

NpyArray parse_npy(const std::string& bytes, const std::string& what) {
  if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0)
    throw Error(fmt::format("{}: not a .npy file (bad magic)", what));
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len, offset;
  if (major == 1) {
    header_len = load_scalar<uint16_t>(bytes.data() + 8, std::endian::native == std::endian::big);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw Error(fmt::format("{}: truncated .npy header", what));
    header_len = load_scalar<uint32_t>(bytes.data() + 8, std::endian::native == std::endian::big);
    offset = 12;
  } else {
    throw Error(fmt::format("{}: unsupported .npy version {}", what, major));
  }
  if (bytes.size() < offset + header_len) throw Error(fmt::format("{}: truncated .npy header", what));
  const std::string header = bytes.substr(offset, header_len);

  std::smatch m;
  static const std::regex descr_re(R"('descr'\s*:\s*'([<>|=])([fiub])(\d+)')");
  static const std::regex order_re(R"('fortran_order'\s*:\s*(True|False))");
  static const std::regex shape_re(R"('shape'\s*:\s*\(([^)]*)\))");
  if (!std::regex_search(header, m, descr_re))
    throw Error(fmt::format("{}: unsupported or missing dtype in header {}", what, header));
  const char byte_order = m[1].str()[0];
  const char kind = m[2].str()[0];
  const int width = std::stoi(m[3].str());
  const bool swap = width > 1 && ((byte_order == '>' && std::endian::native == std::endian::little) ||
                                  (byte_order == '<' && std::endian::native == std::endian::big));
  if (!std::regex_search(header, m, order_re))
    throw Error(fmt::format("{}: missing fortran_order in header", what));
  const bool fortran = m[1] == "True";
  if (!std::regex_search(header, m, shape_re))
    throw Error(fmt::format("{}: missing shape in header", what));
  NpyArray arr;
  std::stringstream dims(m[1].str());
  for (std::string item; std::getline(dims, item, ',');) {
    if (item.find_first_not_of(" \t") == std::string::npos) continue;
    try {
      arr.shape.push_back(std::stoul(item));
    } catch (const std::exception&) {
      throw Error(fmt::format("{}: bad shape entry '{}'", what, item));
    }
  }
  const size_t count = arr.size();
  const size_t data_start = offset + header_len;
  if (bytes.size() - data_start < count * width)
    throw Error(fmt::format("{}: truncated data: shape needs {} bytes, file has {}", what,
                            count * width, bytes.size() - data_start));
  arr.data = convert(bytes.data() + data_start, count, kind, width, swap, what);
  if (fortran && arr.shape.size() >= 2) {  // reorder column-major to C order
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

std::string format_npy(const NpyArray& arr) {
  std::string shape;
  for (size_t s : arr.shape) shape += fmt::format("{}, ", s);
  if (arr.shape.size() > 1) shape.resize(shape.size() - 2);  // (3, 4) but (3,)
  else if (arr.shape.size() == 1) shape.resize(shape.size() - 1);
  std::string header = fmt::format("{{'descr': '<f8', 'fortran_order': False, 'shape': ({}), }}", shape);
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
  out.append(reinterpret_cast<const char*>(arr.data.data()), arr.data.size() * sizeof(double));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open ({})", path, std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(fmt::format("{}: read error", path));
  return ss.str();
}

// Written to a temporary file and renamed, so a reader never sees half a file and an
// interrupted run never destroys the previous result.
void write_file(const std::string& path, const std::string& bytes) {
  const std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("{}: cannot write ({})", path, std::strerror(errno)));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error(fmt::format("{}: write error", path));
  }
  std::filesystem::rename(temporary, target);
}

NpyArray read_npy(const std::string& path) { return parse_npy(read_file(path), path); }
void write_npy(const std::string& path, const NpyArray& arr) { write_file(path, format_npy(arr)); }

Mat read_matrix(const std::string& path) { return to_matrix(read_npy(path), path); }
void write_matrix(const std::string& path, const Mat& m) { write_npy(path, to_npy(m)); }

Mat read_examples(const std::string& path) {
  const NpyArray arr = read_npy(path);
  if (arr.shape.size() != 2)
    throw Error(fmt::format("{}: data must be a 2-D array of shape (n, d), got {} dimensions", path,
                            arr.shape.size()));
  for (double v : arr.data)
    if (!std::isfinite(v)) throw Error(fmt::format("{}: data contains NaN or infinity", path));
  return to_matrix(arr, path).transpose();
}

void write_examples(const std::string& path, const Mat& X) { write_matrix(path, X.transpose()); }

}  // namespace memo
