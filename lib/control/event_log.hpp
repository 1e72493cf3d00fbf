// EventLog: a run's events, appended by the run's thread and read by any number of streams, each
// from the beginning, at its own pace. A reader that goes away leaves the run untouched.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "udplab/v1/control.pb.h"

namespace udplab::control {

class EventLog {
 public:
  // Numbers the event (seq = 1, 2, ...) and wakes the readers. Ignored once closed.
  void append(v1::RunEvent event);
  // No more events will come.
  void close();

  // Copies events with seq > `after` into `out` (at most `max`). Waits up to `timeout` when there
  // are none; returns false once the log is closed and everything after `after` has been read.
  bool read(std::uint64_t after, std::vector<v1::RunEvent>& out, std::size_t max, std::chrono::milliseconds timeout);

  std::uint64_t size() const;
  std::size_t bytes() const;  // serialized size of everything appended

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<v1::RunEvent> events_;
  std::size_t bytes_ = 0;
  bool closed_ = false;
};

}  // namespace udplab::control
