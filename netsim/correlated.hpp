// netem's correlated random numbers, so that "loss 5% 25%" means here what it means to tc.
//
// Each draw mixes a fresh 32-bit uniform with the previous result: next = (fresh * (2^32 - rho) +
// last * rho) / 2^32, rho being the correlation scaled to 32 bits. With rho = 0 the draws are
// independent. (This is netem's get_crandom; like netem's, it pulls the draws towards their mean as
// correlation grows, so a correlated loss rate lands below the nominal one; see docs/netsim.md.)
#pragma once

#include <cmath>
#include <cstdint>

#include "netsim/random.hpp"

namespace udplab::netsim {

// A probability 0..1 as netem stores it: scaled to the 32-bit range.
inline std::uint32_t scaled_probability(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return 0xFFFFFFFFu;
  return static_cast<std::uint32_t>(std::llround(p * 4294967295.0));
}

class CorrelatedUniform {
 public:
  CorrelatedUniform(double correlation, Rng rng)
      : rho_(scaled_probability(correlation)), rng_(rng), last_(next_raw()) {}

  std::uint32_t next() {
    const std::uint32_t fresh = next_raw();
    if (rho_ == 0) return fresh;
    const std::uint64_t rho = std::uint64_t{rho_} + 1;
    // 64-bit arithmetic as netem does; the products cannot overflow.
    last_ = static_cast<std::uint32_t>((std::uint64_t{fresh} * ((1ull << 32) - rho) + std::uint64_t{last_} * rho) >> 32);
    return last_;
  }

  // netem's test: an event with scaled probability `threshold` happens when threshold >= draw.
  bool happens(std::uint32_t threshold) { return threshold != 0 && threshold >= next(); }

 private:
  std::uint32_t next_raw() { return static_cast<std::uint32_t>(rng_.next_u64() >> 32); }

  std::uint32_t rho_;
  Rng rng_;
  std::uint32_t last_;
};

}  // namespace udplab::netsim
