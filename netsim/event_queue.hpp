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
  std::size_t pending() const { return heap_.size() - static_cast<std::size_t>(vacant_); }
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
  // Places `e` at the free slot `i` or above it, moving later parents down.
  void sift_up(std::size_t i, const Entry& e);
  // Moves the hole at `i` down to a leaf, lifting the earliest child each time; returns the leaf.
  std::size_t sink_hole(std::size_t i);
  // Fills the hole step() left when the handler scheduled nothing: the last entry moves into it.
  void settle() {
    if (!vacant_) return;
    vacant_ = false;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (hole_ < heap_.size()) sift_up(hole_, last);
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
  // step() takes the earliest event out before running it and sinks the hole it leaves to a leaf
  // (each level lifts the earliest child: a chain of loads and compares that does not depend on the
  // handler, so the processor runs it alongside). The first event the handler schedules fills the
  // hole and sifts up, rarely more than a level since new events lie in the future. One sift per
  // event instead of two, and a short one where the handler's result is waited for.
  bool vacant_ = false;
  std::size_t hole_ = 0;
  Time now_{};
  std::uint64_t next_seq_ = 0;
  std::uint64_t executed_ = 0;
  Closures closures_;
};

}  // namespace udplab::netsim
