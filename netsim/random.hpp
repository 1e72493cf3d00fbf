// The simulator's own randomness: a PRNG and distributions whose output depends on nothing but the
// seed (no std:: distributions, whose results differ between standard libraries).
//
// Every consumer (a link direction, a workload) draws from its own stream, derived from the
// scenario seed and a stable name, so adding a host does not shift what happens on another link.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace udplab::netsim {

// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);
  // The stream for consumer `name` under scenario seed `seed`.
  static Rng stream(std::uint64_t seed, std::string_view name);

  // Inline: links draw once or twice per packet, and a call costs as much as the draw.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, bound) without modulo bias; bound > 0.
  std::uint64_t below(std::uint64_t bound);
  // True with probability p (0..1).
  bool chance(double p) { return p > 0 && (p >= 1 || uniform() < p); }
  // chance(p) without floating point: uniform() < p exactly when the 53 bits drawn are below
  // ceil(p * 2^53) (p * 2^53 is exact: a power-of-two scale), so both give the same outcomes.
  // Like chance(), 0 and 1 draw nothing (kAlways stands for 1).
  static constexpr std::uint64_t kAlways = ~std::uint64_t{0};
  static std::uint64_t chance_threshold(double p) {
    if (!(p > 0)) return 0;
    if (p >= 1) return kAlways;
    return static_cast<std::uint64_t>(std::ceil(p * 0x1.0p53));
  }
  bool chance_below(std::uint64_t threshold) {
    return threshold != 0 && (threshold == kAlways || (next_u64() >> 11) < threshold);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// 64-bit FNV-1a: stable across platforms and releases, unlike std::hash.
std::uint64_t stable_hash(std::string_view text);

}  // namespace udplab::netsim
