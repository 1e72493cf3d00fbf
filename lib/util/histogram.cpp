#include "util/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace udplab::util {
namespace {
constexpr unsigned kBits = 10;  // exact below 2^kBits; 2^(kBits-1) sub-buckets per power of two above
constexpr std::uint64_t kExact = 1ull << kBits;
constexpr std::uint64_t kHalf = kExact / 2;
constexpr std::size_t kGroup = kHalf;  // buckets per entry of groups_
}  // namespace

std::size_t Histogram::index_of(std::uint64_t v) {
  if (v < kExact) return static_cast<std::size_t>(v);
  unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(v));
  unsigned shift = msb - kBits + 1;
  return static_cast<std::size_t>((shift + 1) * kHalf + ((v >> shift) - kHalf));
}

std::uint64_t Histogram::lowest_of(std::size_t index) {
  if (index < kExact) return index;
  std::uint64_t shift = index / kHalf - 1;
  return (kHalf + index % kHalf) << shift;
}

std::uint64_t Histogram::highest_of(std::size_t index) {
  if (index < kExact) return index;
  std::uint64_t shift = index / kHalf - 1;
  return lowest_of(index) + ((1ull << shift) - 1);
}

void Histogram::add(std::int64_t value) {
  if (value < 0) value = 0;
  std::size_t i = index_of(static_cast<std::uint64_t>(value));
  if (i >= buckets_.size()) {
    buckets_.resize(i + 1, 0);
    groups_.resize(i / kGroup + 1, 0);
  }
  ++buckets_[i];
  ++groups_[i / kGroup];
  if (count_ == 0 || value < min_) min_ = value;
  if (count_ == 0 || value > max_) max_ = value;
  ++count_;
}

std::int64_t Histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  std::size_t group = 0;
  while (group < groups_.size() && seen + groups_[group] < rank) seen += groups_[group++];
  for (std::size_t i = group * kGroup; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      // Middle of the bucket: the best single guess for any value inside it.
      std::uint64_t mid = lowest_of(i) + (highest_of(i) - lowest_of(i)) / 2;
      return std::clamp(static_cast<std::int64_t>(mid), min_, max_);
    }
  }
  return max_;
}

}  // namespace udplab::util
