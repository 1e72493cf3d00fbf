#include "echo/rtt_stats.hpp"

#include <algorithm>
#include <cmath>

namespace udplab::echo {

void RttStats::add(Duration rtt) {
  const std::int64_t ns = rtt.count();
  histogram_.add(ns);
  const auto x = static_cast<double>(ns);
  sum_ += x;
  sum_sq_ += x * x;
  if (have_previous_) {
    // With round trips, the transit difference D(i-1, i) is the difference of consecutive RTTs.
    std::int64_t d = ns - previous_ns_;
    if (d < 0) d = -d;
    jitter_x16_ += d - ((jitter_x16_ + 8) >> 4);
  }
  have_previous_ = true;
  previous_ns_ = ns;
}

RttSummary RttStats::summary() const {
  RttSummary s;
  s.samples = histogram_.count();
  if (s.samples == 0) return s;
  const auto n = static_cast<double>(s.samples);
  const double mean = sum_ / n;
  const double var = std::max(0.0, sum_sq_ / n - mean * mean);
  s.min = Duration{histogram_.min()};
  s.max = Duration{histogram_.max()};
  s.avg = Duration{std::llround(mean)};
  s.mdev = Duration{std::llround(std::sqrt(var))};
  s.p50 = Duration{histogram_.percentile(50)};
  s.p90 = Duration{histogram_.percentile(90)};
  s.p99 = Duration{histogram_.percentile(99)};
  s.jitter = Duration{jitter_x16_ >> 4};
  return s;
}

}  // namespace udplab::echo
