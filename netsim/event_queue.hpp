// The simulator's clock and agenda: integer-nanosecond virtual time and a queue of callbacks.
//
// Events at the same instant run in the order they were scheduled (a sequence number breaks ties),
// so a run never depends on heap internals, pointer values or anything but the schedule itself.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "transport/time.hpp"

namespace udplab::netsim {

class EventQueue {
 public:
  using Callback = std::function<void()>;

  Time now() const { return now_; }
  // Schedules `fn` at `at` (or now, if `at` is in the past).
  void schedule(Time at, Callback fn);
  void schedule_after(Duration d, Callback fn) { schedule(now_ + d, std::move(fn)); }

  // Runs the earliest event; false when none is left.
  bool step();
  // Runs every event due at or before `limit`, then sets the clock to `limit`.
  void run_until(Time limit);
  bool empty() const { return heap_.empty(); }
  std::uint64_t executed() const { return executed_; }
  std::optional<Time> next_time() const;

 private:
  struct Entry {
    Time at;
    std::uint64_t seq;
    Callback fn;
  };
  static bool later(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
  std::vector<Entry> heap_;
  Time now_{};
  std::uint64_t next_seq_ = 0;
  std::uint64_t executed_ = 0;
};

}  // namespace udplab::netsim
