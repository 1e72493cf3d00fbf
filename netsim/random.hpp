// The simulator's own randomness: a PRNG and distributions whose output depends on nothing but the
// seed (no std:: distributions, whose results differ between standard libraries).
//
// Every consumer (a link direction, a workload) draws from its own stream, derived from the
// scenario seed and a stable name, so adding a host does not shift what happens on another link.
#pragma once

#include <cstdint>
#include <string_view>

namespace udplab::netsim {

// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);
  // The stream for consumer `name` under scenario seed `seed`.
  static Rng stream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Uniform integer in [0, bound) without modulo bias; bound > 0.
  std::uint64_t below(std::uint64_t bound);
  // True with probability p (0..1).
  bool chance(double p) { return p > 0 && (p >= 1 || uniform() < p); }

 private:
  std::uint64_t s_[4];
};

// 64-bit FNV-1a: stable across platforms and releases, unlike std::hash.
std::uint64_t stable_hash(std::string_view text);

}  // namespace udplab::netsim
