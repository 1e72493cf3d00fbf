// Big-endian reads and writes over byte spans (network byte order), bounds checked by the caller.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace udplab::util {

// Swaps a word between host and network order; a single instruction where the compiler has one
// (the byte loops below are not recognised as such, and probe codecs run for every datagram).
inline std::uint64_t big_endian64(std::uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) return v;
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_bswap64(v);
#else
  std::uint64_t r = 0;
  for (int i = 0; i < 8; ++i, v >>= 8) r = (r << 8) | (v & 0xFF);
  return r;
#endif
}

inline void put_u16(std::byte* p, std::uint16_t v) {
  p[0] = std::byte(v >> 8);
  p[1] = std::byte(v & 0xFF);
}
inline void put_u32(std::byte* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = std::byte((v >> (24 - 8 * i)) & 0xFF);
}
inline void put_u64(std::byte* p, std::uint64_t v) {
  const std::uint64_t be = big_endian64(v);
  std::memcpy(p, &be, 8);
}
inline std::uint16_t get_u16(const std::byte* p) {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(p[0]) << 8) | std::to_integer<unsigned>(p[1]));
}
inline std::uint32_t get_u32(const std::byte* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | std::to_integer<std::uint32_t>(p[i]);
  return v;
}
inline std::uint64_t get_u64(const std::byte* p) {
  std::uint64_t be;
  std::memcpy(&be, p, 8);
  return big_endian64(be);
}

inline std::span<const std::byte> as_bytes(std::string_view s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}
inline std::string_view as_chars(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline std::vector<std::byte> to_vector(std::string_view s) {
  auto b = as_bytes(s);
  return {b.begin(), b.end()};
}

}  // namespace udplab::util
