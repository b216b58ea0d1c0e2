// Hand-made hostile files for the readers' regression tests and the fuzzers' seed corpora:
// .npy headers that declare what they like, zip archives whose directory lies about sizes.
#pragma once
#include <cstdint>
#include <string>
#include <zlib.h>

namespace memo::testing {

// A version 1.0 .npy with the given header dictionary (padded like NumPy's) and data bytes.
inline std::string npy_bytes(const std::string& dict, const std::string& data) {
  std::string header = dict;
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

inline std::string raw_deflate(const std::string& bytes) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// A one-member zip (deflated) whose directory claims `declared_size` uncompressed bytes.
inline std::string zip_one(const std::string& name, const std::string& member, uint64_t declared_size) {
  auto put = [](std::string& s, uint64_t v, int n) {
    for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  const std::string packed = raw_deflate(member);
  const uint64_t crc = crc32(0, reinterpret_cast<const Bytef*>(member.data()), static_cast<uInt>(member.size()));
  std::string zip, dir;
  put(zip, 0x04034b50, 4), put(zip, 20, 2), put(zip, 0, 2), put(zip, 8, 2), put(zip, 0, 4);
  put(zip, crc, 4), put(zip, packed.size(), 4), put(zip, declared_size, 4), put(zip, name.size(), 2), put(zip, 0, 2);
  zip += name + packed;
  put(dir, 0x02014b50, 4), put(dir, 20, 2), put(dir, 20, 2), put(dir, 0, 2), put(dir, 8, 2), put(dir, 0, 4);
  put(dir, crc, 4), put(dir, packed.size(), 4), put(dir, declared_size, 4), put(dir, name.size(), 2);
  put(dir, 0, 2), put(dir, 0, 2), put(dir, 0, 2), put(dir, 0, 2), put(dir, 0, 4), put(dir, 0, 4);
  dir += name;
  const uint64_t dir_offset = zip.size();
  zip += dir;
  put(zip, 0x06054b50, 4), put(zip, 0, 2), put(zip, 0, 2), put(zip, 1, 2), put(zip, 1, 2);
  put(zip, dir.size(), 4), put(zip, dir_offset, 4), put(zip, 0, 2);
  return zip;
}

}  // namespace memo::testing
