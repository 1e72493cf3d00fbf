#include "netsim/random.hpp"

namespace udplab::netsim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The 128-bit product of a and b: returns the high word, stores the low word.
std::uint64_t mul_hi(std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
  const std::uint64_t a_lo = a & 0xFFFFFFFFu, a_hi = a >> 32, b_lo = b & 0xFFFFFFFFu, b_hi = b >> 32;
  const std::uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
  const std::uint64_t mid = (p0 >> 32) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
  lo = (mid << 32) | (p0 & 0xFFFFFFFFu);
  return p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

}  // namespace

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& word : s_) word = splitmix64(x);
}

Rng Rng::stream(std::uint64_t seed, std::string_view name) {
  std::uint64_t x = seed;
  std::uint64_t mixed = splitmix64(x) ^ stable_hash(name);
  return Rng(mixed);
}


std::uint64_t Rng::below(std::uint64_t bound) {
  // Lemire's rejection method on the high product word.
  const std::uint64_t threshold = (0 - bound) % bound;
  while (true) {
    std::uint64_t lo = 0;
    const std::uint64_t hi = mul_hi(next_u64(), bound, lo);
    if (lo >= threshold) return hi;
  }
}

}  // namespace udplab::netsim
