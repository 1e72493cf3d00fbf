// The simulator's clock and agenda: integer-nanosecond virtual time and a queue of events.
//
// Events at the same instant run in the order they were scheduled (a sequence number breaks ties),
// so a run never depends on heap internals, pointer values or anything but the schedule itself.
// An event is a plain 32-byte record naming a handler and one integer argument (a packet slot, a
// timer generation): scheduling one allocates nothing, which is what lets a run simulate millions
// of datagrams per second. Arbitrary callbacks are supported too, for the rare events that need them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "transport/time.hpp"

namespace udplab::netsim {

class EventHandler {
 public:
  virtual void on_event(std::uint64_t arg) = 0;

 protected:
  ~EventHandler() = default;
};

class EventQueue {
 public:
  using Callback = std::function<void()>;

  EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  Time now() const { return now_; }
  // Schedules handler.on_event(arg) at `at` (or now, if `at` is in the past).
  void schedule(Time at, EventHandler& handler, std::uint64_t arg = 0);
  void schedule(Time at, Callback fn);
  void schedule_after(Duration d, Callback fn) { schedule(now_ + d, std::move(fn)); }

  // Runs the earliest event; false when none is left.
  bool step();
  // Runs every event due at or before `limit`, then sets the clock to `limit`.
  void run_until(Time limit);
  bool empty() const { return pending() == 0; }
  std::size_t pending() const { return heap_.size() - static_cast<std::size_t>(vacant_root_); }
  std::uint64_t executed() const { return executed_; }
  std::optional<Time> next_time() {
    settle();
    if (heap_.empty()) return std::nullopt;
    return Time{Duration{heap_.front().at}};
  }

 private:
  struct Entry {
    std::int64_t at;
    std::uint64_t seq;
    EventHandler* handler;
    std::uint64_t arg;
  };
  // (at, seq) as one 128-bit comparison where the compiler has the type (a compare and a
  // subtract-with-borrow, no branch); otherwise bitwise, not short-circuit, for the same reason:
  // heap order is data-dependent, so branches here mispredict. `at` is never negative.
  static bool earlier(const Entry& a, const Entry& b) {
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 Key;  // __extension__: -Wpedantic knows it is deliberate
    return ((Key{static_cast<std::uint64_t>(a.at)} << 64) | a.seq) < ((Key{static_cast<std::uint64_t>(b.at)} << 64) | b.seq);
#else
    return (a.at < b.at) | ((a.at == b.at) & (a.seq < b.seq));
#endif
  }
  // A 4-ary min-heap: half the levels of a binary heap, and siblings share a cache line.
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  // Removes the root left vacant by step() when its handler scheduled nothing to take its place.
  void settle() {
    if (!vacant_root_) return;
    vacant_root_ = false;
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
  }

  // Callbacks live in a slab of slots reused through a free list.
  class Closures final : public EventHandler {
   public:
    std::uint64_t add(Callback fn);
    void on_event(std::uint64_t slot) override;

   private:
    std::vector<Callback> slots_;
    std::vector<std::uint64_t> free_;
  };

  std::vector<Entry> heap_;
  // While a handler runs, the root slot still holds the event being run, to be replaced by the
  // first event the handler schedules: that costs one sift-down, where popping first and pushing
  // later costs a sift-down and a sift-up (most handlers schedule exactly one event).
  bool vacant_root_ = false;
  Time now_{};
  std::uint64_t next_seq_ = 0;
  std::uint64_t executed_ = 0;
  Closures closures_;
};

}  // namespace udplab::netsim
