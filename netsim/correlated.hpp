// Correlated random decisions and draws, for "loss 10% 25%"-style impairments.
//
// netem correlates by averaging each fresh draw with the previous one; that pulls the draws
// towards the middle, so "loss 10% 25%" loses about 1.75% of packets, and 10% with 50% almost
// none. udplab keeps the configured rate and makes consecutive outcomes depend on each other by
// the given amount instead:
//   decisions: P(event | previous event) = p + rho (1 - p), P(event | no event) = p (1 - rho);
//              the long-run rate stays p and consecutive outcomes have correlation rho.
//   draws:     a Gaussian AR(1) process z' = rho z + sqrt(1 - rho^2) e mapped through the normal
//              CDF: each draw is uniform on [0, 1) and consecutive draws are correlated.
// With rho = 0 both are plain independent draws.
#pragma once

#include <cmath>
#include <cstdint>

#include "netsim/random.hpp"

namespace udplab::netsim {

// A probability 0..1 scaled to 32 bits, for models that compare raw 32-bit draws (as netem's
// Gilbert-Elliott and 4-state models do).
inline std::uint32_t scaled_probability(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return 0xFFFFFFFFu;
  return static_cast<std::uint32_t>(std::llround(p * 4294967295.0));
}

class CorrelatedChance {
 public:
  CorrelatedChance(double p, double correlation, Rng rng)
      : p_(p), rho_(correlation), below_(Rng::chance_threshold(p)), rng_(rng) {
    last_ = rng_.chance(p_);  // start from the long-run distribution
  }
  bool next() {
    if (!(rho_ > 0)) return rng_.chance_below(below_);  // the common case: no floating point
    const double q = (1 - rho_) * p_ + rho_ * (last_ ? 1.0 : 0.0);
    last_ = rng_.chance(q);
    return last_;
  }

 private:
  double p_, rho_;
  std::uint64_t below_;  // chance(p_) as an integer comparison
  Rng rng_;
  bool last_ = false;
};

class CorrelatedUniform {
 public:
  CorrelatedUniform(double correlation, Rng rng) : rho_(correlation), rng_(rng) { z_ = normal(); }
  // Uniform on [0, 1).
  double next() {
    if (rho_ <= 0) return rng_.uniform();
    z_ = rho_ * z_ + std::sqrt(1 - rho_ * rho_) * normal();
    const double u = 0.5 * std::erfc(-z_ / std::sqrt(2.0));
    return u < 1.0 ? u : std::nextafter(1.0, 0.0);
  }

 private:
  // Box-Muller on the project's own uniform draws.
  double normal() {
    double u1 = rng_.uniform();
    if (u1 <= 0) u1 = 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * rng_.uniform());
  }
  double rho_;
  Rng rng_;
  double z_ = 0;
};

}  // namespace udplab::netsim
