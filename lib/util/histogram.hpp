// A log-linear histogram of non-negative integers (nanoseconds, bytes): exact below 1024, and
// within 0.2% above, in bounded memory however many samples arrive. Percentiles use the
// nearest-rank definition and are clipped to the observed min/max.
#pragma once

#include <cstdint>
#include <vector>

namespace udplab::util {

class Histogram {
 public:
  void add(std::int64_t value);
  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return min_; }
  std::int64_t max() const { return max_; }
  // p in [0, 100]. Returns 0 when empty.
  std::int64_t percentile(double p) const;

 private:
  static std::size_t index_of(std::uint64_t v);
  static std::uint64_t lowest_of(std::size_t index);
  static std::uint64_t highest_of(std::size_t index);

  std::vector<std::uint64_t> buckets_;
  // Samples per run of 512 buckets (one power of two above the exact range): percentile() skips
  // whole runs, so it takes a few hundred steps however wide the range of values is.
  std::vector<std::uint64_t> groups_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace udplab::util
