// .npz = zip archive of .npy members (numpy.savez: stored, zip64 extras in local headers;
// numpy.savez_compressed: deflated). Reading goes through the central directory, which
// always holds the true sizes and offsets.
#include <cstdint>
#include <limits>
#include <fmt/format.h>
#include <zlib.h>

#include "lib/io/memory.hpp"
#include "lib/io/npy.hpp"

namespace memo {
namespace {

uint64_t le(const std::string& s, uint64_t pos, int bytes, const std::string& what) {
  if (pos > s.size() || uint64_t(bytes) > s.size() - pos) throw Error(fmt::format("{}: truncated zip structure", what));
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[pos + i]);
  return v;
}

bool has_signature(const std::string& s, uint64_t pos, const char* signature) {
  return pos <= s.size() && s.size() - pos >= 4 && s.compare(pos, 4, signature, 4) == 0;
}

void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// Inflates a raw deflate stream into at most `limit` bytes; `whole` demands that the stream
// ends exactly there, otherwise the first `limit` bytes (or fewer) are what is wanted.
std::string inflate_raw(const std::string& in, size_t limit, bool whole, const std::string& what) {
  if (in.size() > std::numeric_limits<uInt>::max() || limit > std::numeric_limits<uInt>::max())
    throw Error(fmt::format("{}: deflated member larger than 4 GB", what));
  std::string out(limit, '\0');
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw Error(fmt::format("{}: zlib init failed", what));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  const size_t produced = zs.total_out;
  inflateEnd(&zs);
  if (whole ? (rc != Z_STREAM_END || produced != limit) : (rc != Z_STREAM_END && rc != Z_BUF_ERROR))
    throw Error(fmt::format("{}: corrupt deflate stream", what));
  out.resize(produced);
  return out;
}

// The member's size must be the one its .npy header declares: a zip directory that claims
// more (a deflate bomb) is refused before anything is inflated.
void check_member_size(const std::string& prefix, uint64_t size, const std::string& what) {
  const uint64_t declared = npy_size_from_header(prefix, what);
  if (declared != size)
    throw Error(fmt::format("{}: the zip directory says {} bytes, the .npy header inside declares {}", what, size,
                            declared));
  check_memory(double(size), fmt::format("reading {}", what));
}

constexpr size_t kHeaderPrefix = (1 << 20) + 12;  // the longest .npy header read_npy accepts

}  // namespace

NpzEntries read_npz(const std::string& path) { return parse_npz(read_file(path), path); }

NpzEntries parse_npz(const std::string& zip, const std::string& path) {
  // End of central directory: the last "PK\5\6" within the final 64 KiB + 22 bytes.
  const size_t search_from = zip.size() > 65557 ? zip.size() - 65557 : 0;
  size_t eocd = std::string::npos;
  for (size_t p = zip.size() >= 22 ? zip.size() - 22 + 1 : 0; p-- > search_from;)
    if (zip.compare(p, 4, "PK\x05\x06") == 0) {
      eocd = p;
      break;
    }
  if (eocd == std::string::npos) throw Error(fmt::format("{}: not a zip/.npz file", path));
  uint64_t count = le(zip, eocd + 10, 2, path);
  uint64_t directory = le(zip, eocd + 16, 4, path);
  if ((count == 0xffff || directory == 0xffffffff) && eocd >= 20 && has_signature(zip, eocd - 20, "PK\x06\x07")) {
    const uint64_t record = le(zip, eocd - 20 + 8, 8, path);  // zip64 locator → zip64 EOCD
    if (!has_signature(zip, record, "PK\x06\x06")) throw Error(fmt::format("{}: bad zip64 record", path));
    count = le(zip, record + 32, 8, path);
    directory = le(zip, record + 48, 8, path);
  }
  NpzEntries entries;
  uint64_t p = directory;
  for (uint64_t i = 0; i < count; ++i) {
    if (le(zip, p, 4, path) != 0x02014b50) throw Error(fmt::format("{}: bad central directory", path));
    const auto method = le(zip, p + 10, 2, path);
    const auto crc = le(zip, p + 16, 4, path);
    uint64_t compressed = le(zip, p + 20, 4, path), size = le(zip, p + 24, 4, path);
    const auto name_len = le(zip, p + 28, 2, path), extra_len = le(zip, p + 30, 2, path);
    const auto comment_len = le(zip, p + 32, 2, path);
    uint64_t local = le(zip, p + 42, 4, path);
    le(zip, p + 46, 0, path);
    if (name_len > zip.size() - (p + 46)) throw Error(fmt::format("{}: truncated zip structure", path));
    const std::string name = zip.substr(p + 46, name_len);
    // zip64 extra field: the 0xffffffff fields, in the order size, compressed, offset.
    for (uint64_t e = p + 46 + name_len; e + 4 <= p + 46 + name_len + extra_len;) {
      const auto id = le(zip, e, 2, path), len = le(zip, e + 2, 2, path);
      if (id == 0x0001) {
        uint64_t q = e + 4;
        if (size == 0xffffffff) size = le(zip, q, 8, path), q += 8;
        if (compressed == 0xffffffff) compressed = le(zip, q, 8, path), q += 8;
        if (local == 0xffffffff) local = le(zip, q, 8, path);
      }
      e += 4 + len;
    }
    p += 46 + name_len + extra_len + comment_len;
    const std::string what = path + ":" + name;
    if (le(zip, local, 4, path) != 0x04034b50) throw Error(fmt::format("{}: bad local header", what));
    const uint64_t data = local + 30 + le(zip, local + 26, 2, path) + le(zip, local + 28, 2, path);
    if (data > zip.size() || compressed > zip.size() - data) throw Error(fmt::format("{}: member is truncated", what));
    std::string bytes = zip.substr(data, compressed);
    auto check_crc = [&] {
      if (crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())) != crc)
        throw Error(fmt::format("{}: CRC mismatch (corrupt file)", what));
    };
    if (method == 8) {
      check_member_size(inflate_raw(bytes, std::min<uint64_t>(size, kHeaderPrefix), false, what), size, what);
      bytes = inflate_raw(bytes, size, true, what);
      check_crc();
    } else if (method == 0) {
      if (compressed != size)
        throw Error(fmt::format("{}: stored member of {} bytes, the directory says {}", what, compressed, size));
      check_crc();
      check_member_size(bytes.substr(0, kHeaderPrefix), size, what);
    } else {
      throw Error(fmt::format("{}: unsupported compression method {}", what, method));
    }
    std::string key = name;
    if (key.size() > 4 && key.ends_with(".npy")) key.resize(key.size() - 4);
    entries.emplace_back(key, parse_npy(bytes, what));
  }
  return entries;
}

void write_npz(const std::string& path, const NpzEntries& entries) {
  std::string zip, directory;
  for (const auto& [key, arr] : entries) {
    const std::string name = key + ".npy";
    const std::string bytes = format_npy(arr);
    if (bytes.size() >= 0xffffffffULL || zip.size() >= 0xffffffffULL)
      throw Error(fmt::format("{}: member {} too large for a plain zip", path, name));
    const uint64_t crc = crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
    const uint64_t offset = zip.size();
    // local file header: version 2.0, no flags, stored, no time stamp (reproducible files)
    put(zip, 0x04034b50, 4), put(zip, 20, 2), put(zip, 0, 2), put(zip, 0, 2), put(zip, 0, 2);
    put(zip, 0x21, 2), put(zip, crc, 4), put(zip, bytes.size(), 4), put(zip, bytes.size(), 4);
    put(zip, name.size(), 2), put(zip, 0, 2);
    zip += name;
    zip += bytes;
    put(directory, 0x02014b50, 4), put(directory, 20, 2), put(directory, 20, 2), put(directory, 0, 2);
    put(directory, 0, 2), put(directory, 0, 2), put(directory, 0x21, 2), put(directory, crc, 4);
    put(directory, bytes.size(), 4), put(directory, bytes.size(), 4), put(directory, name.size(), 2);
    put(directory, 0, 2), put(directory, 0, 2), put(directory, 0, 2), put(directory, 0, 2);
    put(directory, 0, 4), put(directory, offset, 4);
    directory += name;
  }
  const uint64_t directory_offset = zip.size();
  zip += directory;
  put(zip, 0x06054b50, 4), put(zip, 0, 2), put(zip, 0, 2), put(zip, entries.size(), 2);
  put(zip, entries.size(), 2), put(zip, directory.size(), 4), put(zip, directory_offset, 4), put(zip, 0, 2);
  write_file(path, zip);
}

}  // namespace memo
