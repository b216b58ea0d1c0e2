#include "datasets/idx.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zlib.h>

#include "lib/io/memory.hpp"
#include "lib/io/npy.hpp"

namespace memo {
namespace {

constexpr unsigned char kTypeU8 = 0x08;
constexpr size_t kMaxDims = 4;  // images (n, h, w) and labels (n); colour sets would add one

std::string shape_text(const std::vector<size_t>& shape) { return fmt::format("{}", fmt::join(shape, "×")); }

}  // namespace

bool is_gzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Concatenated gzip members are one file (RFC 1952 §2.2), so inflation restarts after each.
// More than `limit` bytes of output is an error, or with `prefix` the point to stop.
std::string gunzip(const std::string& bytes, const std::string& what, size_t limit, bool prefix) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw Error(fmt::format("{}: zlib init failed", what));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = sizeof buffer - zs.avail_out;
    if (produced > limit - out.size()) {
      out.append(buffer, limit - out.size());
      inflateEnd(&zs);
      if (prefix) return out;
      throw Error(fmt::format("{}: gzip data inflates past the {} bytes its IDX header declares", what, limit));
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && zs.avail_out != 0) break;  // input ended mid-stream
    const std::string message = zs.msg ? zs.msg : fmt::format("zlib error {}", rc);
    inflateEnd(&zs);
    throw Error(fmt::format("{}: corrupt gzip data ({})", what, message));
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw Error(fmt::format("{}: truncated gzip stream (ends after {} bytes of data)", what, out.size()));
  return out;
}

std::string gzip(const std::string& bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("gzip: zlib init failed");
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw Error(fmt::format("gzip: deflate failed ({})", rc));
  return out;
}

IdxArray parse_idx(const std::string& bytes, const std::string& what) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (bytes.size() < 4)
    throw Error(fmt::format("{}: not an IDX file ({} bytes, shorter than the 4-byte header)", what, bytes.size()));
  if (byte(0) != 0 || byte(1) != 0)
    throw Error(fmt::format("{}: not an IDX file (bad magic 0x{:02x} 0x{:02x}, expected 0x00 0x00)", what, byte(0),
                            byte(1)));
  if (byte(2) != kTypeU8)
    throw Error(fmt::format("{}: IDX data type 0x{:02x} is not supported (expected 0x08, unsigned byte)", what, byte(2)));
  const size_t dims = byte(3);
  if (dims < 1 || dims > kMaxDims)
    throw Error(fmt::format("{}: IDX file has {} dimensions (expected 1 to {})", what, dims, kMaxDims));
  const size_t header = 4 + 4 * dims;
  if (bytes.size() < header)
    throw Error(fmt::format("{}: truncated header ({} dimensions need {} bytes, the file has {})", what, dims, header,
                            bytes.size()));
  IdxArray arr;
  size_t count = 1;
  for (size_t k = 0; k < dims; ++k) {
    const size_t p = 4 + 4 * k;
    const size_t size = (size_t{byte(p)} << 24) | (size_t{byte(p + 1)} << 16) | (size_t{byte(p + 2)} << 8) | byte(p + 3);
    arr.shape.push_back(size);
    // checked before multiplying, so a hostile header cannot overflow the count
    if (size != 0 && count > bytes.size() / size)
      throw Error(fmt::format("{}: truncated data (dimensions {} need more bytes than the file's {})", what,
                              shape_text(arr.shape), bytes.size()));
    count *= size;
  }
  const size_t available = bytes.size() - header;
  if (available < count)
    throw Error(fmt::format("{}: truncated data (dimensions {} need {} bytes, the file has {})", what,
                            shape_text(arr.shape), count, available));
  if (available > count)
    throw Error(fmt::format("{}: size mismatch (dimensions {} need {} bytes, the file has {} more)", what,
                            shape_text(arr.shape), count, available - count));
  arr.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return arr;
}

std::string format_idx(const IdxArray& arr) {
  if (arr.shape.empty() || arr.shape.size() > kMaxDims)
    throw Error(fmt::format("IDX array must have 1 to {} dimensions, got {}", kMaxDims, arr.shape.size()));
  size_t count = 1;
  std::string bytes{'\0', '\0', static_cast<char>(kTypeU8), static_cast<char>(arr.shape.size())};
  for (size_t size : arr.shape) {
    if (size > 0xffffffffu) throw Error(fmt::format("IDX dimension {} does not fit in 32 bits", size));
    for (int shift : {24, 16, 8, 0}) bytes.push_back(static_cast<char>((size >> shift) & 0xff));
    count *= size;
  }
  if (count != arr.data.size())
    throw Error(fmt::format("IDX array of shape {} holds {} bytes, expected {}", shape_text(arr.shape), arr.data.size(),
                            count));
  bytes.append(arr.data.begin(), arr.data.end());
  return bytes;
}

namespace {

// Header plus data as the IDX header declares them (overflow-checked), from its first bytes.
size_t declared_idx_size(const std::string& head, const std::string& what) {
  if (head.size() < 4 || head[0] != 0 || head[1] != 0) return head.size();  // parse_idx names the fault
  const size_t dims = static_cast<unsigned char>(head[3]);
  size_t total = 1;
  if (dims < 1 || dims > kMaxDims || head.size() < 4 + 4 * dims) return head.size();
  for (size_t k = 0; k < dims; ++k) {
    size_t size = 0;
    for (size_t i = 0; i < 4; ++i) size = (size << 8) | static_cast<unsigned char>(head[4 + 4 * k + i]);
    const auto next = checked_product(total, size);
    if (!next) throw Error(fmt::format("{}: IDX dimensions overflow 64 bits", what));
    total = *next;
  }
  return total + 4 + 4 * dims;
}

}  // namespace

IdxArray read_idx(const std::string& path) { return decode_idx(read_file(path), path); }

IdxArray decode_idx(std::string bytes, const std::string& path) {
  if (is_gzip(bytes)) {
    const std::string head = gunzip(bytes, path, 4 + 4 * kMaxDims, true);
    const size_t declared = declared_idx_size(head, path);
    check_memory(double(declared), fmt::format("reading {}", path));
    bytes = gunzip(bytes, path, declared, false);
  }
  return parse_idx(bytes, path);
}

void write_idx(const std::string& path, const IdxArray& arr) {
  const std::string bytes = format_idx(arr);
  write_file(path, path.ends_with(".gz") ? gzip(bytes) : bytes);
}

}  // namespace memo
