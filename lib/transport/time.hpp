// Time as engines see it: integer nanoseconds on the runtime's clock.
//
// Live runtimes count from an arbitrary steady origin; netsim counts from the start of the
// simulation. Engines only ever compare and subtract times, so the origin never matters.
#pragma once

#include <chrono>
#include <cstdint>

namespace udplab {

struct RuntimeClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<RuntimeClock, duration>;
  static constexpr bool is_steady = true;
};

using Duration = RuntimeClock::duration;
using Time = RuntimeClock::time_point;

constexpr Time time_at(Duration since_origin) { return Time{since_origin}; }
constexpr std::int64_t to_ns(Duration d) { return d.count(); }
constexpr std::int64_t to_ns(Time t) { return t.time_since_epoch().count(); }
constexpr double to_ms(Duration d) { return static_cast<double>(d.count()) / 1e6; }
constexpr double to_seconds(Duration d) { return static_cast<double>(d.count()) / 1e9; }

}  // namespace udplab
