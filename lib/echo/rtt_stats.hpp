// Round-trip time statistics as ping reports them, plus percentiles and RFC 3550 jitter.
#pragma once

#include <cstdint>

#include "transport/time.hpp"
#include "util/histogram.hpp"

namespace udplab::echo {

struct RttSummary {
  std::uint64_t samples = 0;
  Duration min{}, avg{}, max{}, mdev{};  // mdev as ping: sqrt(mean(rtt^2) - mean(rtt)^2)
  Duration p50{}, p90{}, p99{};
  Duration jitter{};  // RFC 3550 interarrival jitter estimate over consecutive replies
};

class RttStats {
 public:
  void add(Duration rtt);
  RttSummary summary() const;

 private:
  util::Histogram histogram_;
  double sum_ = 0;
  double sum_sq_ = 0;
  bool have_previous_ = false;
  std::int64_t previous_ns_ = 0;
  std::int64_t jitter_x16_ = 0;  // RFC 3550 A.8 integer form, scaled by 16
};

}  // namespace udplab::echo
