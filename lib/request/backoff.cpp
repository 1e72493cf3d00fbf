#include "request/backoff.hpp"

#include <cmath>

#include "util/duration.hpp"

namespace udplab::request {
namespace {

constexpr Duration kLongestWait = std::chrono::hours(24);

Duration next_wait(Duration wait, double factor) {
  return Duration{static_cast<std::int64_t>(std::llround(static_cast<double>(wait.count()) * factor))};
}

}  // namespace

std::optional<BackoffConfigError> validate(const BackoffPolicy& p) {
  using enum BackoffField;
  if (p.initial <= Duration::zero()) return BackoffConfigError{initial, "must be positive"};
  if (p.max_wait > kLongestWait)
    return BackoffConfigError{max_wait, "must be at most " + util::format_duration(kLongestWait)};
  if (p.initial > p.max_wait)
    return BackoffConfigError{initial,
                              "(" + util::format_duration(p.initial) + ") must not be longer than {other} (" +
                                  util::format_duration(p.max_wait) + ")",
                              max_wait};
  if (!(p.factor > 1.0 && p.factor <= 100.0)) return BackoffConfigError{factor, "must be above 1 and at most 100"};
  Duration wait = p.initial;
  std::size_t attempts = 0;
  while (wait <= p.max_wait) {
    if (++attempts > kMaxAttempts)
      return BackoffConfigError{factor,
                                "is too close to 1: more than " + std::to_string(kMaxAttempts) + " attempts before {other}",
                                max_wait};
    wait = next_wait(wait, p.factor);
  }
  return std::nullopt;
}

std::vector<Duration> backoff_waits(const BackoffPolicy& p) {
  std::vector<Duration> waits;
  for (Duration wait = p.initial; wait <= p.max_wait && waits.size() < kMaxAttempts; wait = next_wait(wait, p.factor))
    waits.push_back(wait);
  return waits;
}

Duration jittered_wait(Duration nominal, std::uint64_t random_bits) {
  const double unit = static_cast<double>(random_bits >> 11) * 0x1.0p-53;  // [0, 1)
  const std::int64_t half = nominal.count() / 2;
  const auto extra = static_cast<std::int64_t>(std::floor(unit * static_cast<double>(nominal.count() - half)));
  return Duration{half + extra};
}

}  // namespace udplab::request
