// The retry schedule of the request client: exponential backoff with an optional jitter.
//
// Attempt 1 waits `initial` for a reply, each later attempt `factor` times longer, and the client
// gives up when the next wait would pass `max_wait` (the seed's rule: start at 0.1 s, double,
// give up past 2.0 s, i.e. waits of 0.1, 0.2, 0.4, 0.8 and 1.6 s, 3.1 s in all).
//
// Jitter spreads clients that failed together so they do not retry in lockstep. The wait is also
// the attempt's timeout, so it is drawn from [w/2, w] ("equal jitter") rather than [0, w]: a
// near-zero timeout would give up on a reply before it could arrive. The give-up rule looks at the
// nominal waits, so jitter never changes how many attempts are made. The random bits come from the
// caller: the schedule never reads a clock or a random device, and netsim runs repeat exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transport/time.hpp"
#include "util/config_error.hpp"

namespace udplab::request {

struct BackoffPolicy {
  Duration initial = std::chrono::milliseconds(100);
  double factor = 2.0;
  Duration max_wait = std::chrono::seconds(2);
  bool jitter = false;
};

// A schedule longer than this is a mistake (a factor barely above 1), not a plan.
inline constexpr std::size_t kMaxAttempts = 100;

// The fields validate() checks, for each front end to name in its own words.
enum class BackoffField { initial, factor, max_wait };
using BackoffConfigError = util::ConfigError<BackoffField>;

// Checks the policy; returns the first bad field and why, or nothing.
std::optional<BackoffConfigError> validate(const BackoffPolicy& policy);

// The nominal wait of every attempt, first to last (each wait rounded to the nanosecond).
std::vector<Duration> backoff_waits(const BackoffPolicy& policy);

// A wait drawn uniformly from [nominal/2, nominal] using 53 of `random_bits`.
Duration jittered_wait(Duration nominal, std::uint64_t random_bits);

}  // namespace udplab::request
