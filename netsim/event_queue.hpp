// The simulator's clock and agenda: integer-nanosecond virtual time and a queue of events.
//
// Events at the same instant run in the order they were scheduled (a sequence number breaks ties),
// so a run never depends on the queue's internals, pointer values or anything but the schedule
// itself. An event names a handler and one integer argument (a packet slot, a timer generation):
// scheduling one allocates nothing, which is what lets a run simulate millions of datagrams per
// second. Arbitrary callbacks are supported too, for the rare events that need them.
#pragma once

#include <cstddef>
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

  // `max_seq`: how many events are numbered before the pending ones are numbered afresh; only
  // tests lower it, to make that happen.
  explicit EventQueue(std::uint64_t max_seq = ~std::uint64_t{0});
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
  std::size_t pending() const { return occupied_ - static_cast<std::size_t>(vacant_); }
  std::uint64_t executed() const { return executed_; }
  std::optional<Time> next_time() {
    settle();
    if (empty()) return std::nullopt;
    return Time{Duration{at_of(tree_[0])}};
  }

 private:
  // A key: the time, then a tag whose high bits are the sequence number and whose low leaf_bits_
  // bits name the leaf holding the event. Sequence numbers are unique, so comparing tags compares
  // them, and the leaf rides along for free. `at` is never negative.
#if defined(__SIZEOF_INT128__)
  // One 128-bit number, time above tag: GCC compares two with a compare and a subtract-with-borrow
  // and keeps the earlier with two conditional moves. Which event is earlier is data-dependent, so
  // a branch there would mispredict half the time.
  __extension__ typedef unsigned __int128 Key;  // __extension__: -Wpedantic knows it is deliberate
  static Key make_key(std::int64_t at, std::uint64_t tag) { return (Key{static_cast<std::uint64_t>(at)} << 64) | tag; }
  static std::int64_t at_of(Key k) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(k >> 64)); }
  static std::uint64_t tag_of(Key k) { return static_cast<std::uint64_t>(k); }
  static bool earlier(Key a, Key b) { return a < b; }
  static Key earliest(Key a, Key b) { return b < a ? b : a; }
#else
  struct Key {
    std::int64_t at;
    std::uint64_t tag;
  };
  static Key make_key(std::int64_t at, std::uint64_t tag) { return Key{at, tag}; }
  static std::int64_t at_of(const Key& k) { return k.at; }
  static std::uint64_t tag_of(const Key& k) { return k.tag; }
  // Bitwise, not short-circuit, and a select by mask: no branch on which is earlier.
  static bool earlier(const Key& a, const Key& b) { return (a.at < b.at) | ((a.at == b.at) & (a.tag < b.tag)); }
  static Key earliest(const Key& a, const Key& b) {
    const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(earlier(b, a));
    const auto at = static_cast<std::uint64_t>(a.at);
    return Key{static_cast<std::int64_t>(at ^ ((at ^ static_cast<std::uint64_t>(b.at)) & mask)), a.tag ^ ((a.tag ^ b.tag) & mask)};
  }
#endif
  // A free leaf's key: later than any event's (its sequence part is all ones, which no event's
  // reaches: the numbers are compacted first).
  static constexpr std::int64_t kNever = INT64_MAX;
  std::uint64_t free_tag(std::size_t leaf) const { return (~std::uint64_t{0} << leaf_bits_) | leaf; }
  std::size_t leaf_of(const Key& k) const { return static_cast<std::size_t>(tag_of(k) & ((std::uint64_t{1} << leaf_bits_) - 1)); }

  // Sets leaf `pos - first_leaf_`'s key and replays the matches on its way to the root.
  void replay(std::size_t pos, Key key);
  // Gives the tree `capacity` leaves (a power of 4; the events keep theirs), numbers the pending
  // events 0, 1, ... in their order and rebuilds every match.
  void rebuild(std::size_t capacity);
  // Frees the leaf of the event step() ran when its handler scheduled nothing in its place.
  void settle() {
    if (!vacant_) return;
    vacant_ = false;
    replay(first_leaf_ + hole_, make_key(kNever, free_tag(hole_)));
    free_.push_back(hole_);
    --occupied_;
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

  // A 4-ary winner tree (tournament) over 4^k leaves, each an event or free: tree_[0] is the
  // earliest event, tree_[i] the earliest of tree_[4i+1..4i+4], and leaf l's key is
  // tree_[first_leaf_ + l]. Changing a leaf replays the matches on its path to the root, each
  // against its three siblings: their addresses are known beforehand and their earliest does not
  // depend on the change, so the loads and two of the three compares run at once, and the chain is
  // one compare and select per level. (A heap's sift picks the next address by the compare before
  // it: a chain of dependent loads.)
  struct Target {
    EventHandler* handler;
    std::uint64_t arg;
  };
  std::vector<Target> leaves_;  // what each leaf's event runs
  std::vector<Key> tree_;       // matches, root first, then the leaves' own keys from first_leaf_
  std::size_t first_leaf_ = 0;
  unsigned leaf_bits_ = 0;
  std::vector<std::size_t> free_;  // free leaves
  std::size_t occupied_ = 0;      // leaves holding an event (the vacant one included)
  // step() leaves the event it runs in its leaf: the first event the handler schedules takes that
  // leaf, one replay for both; if it schedules none, settle() frees the leaf.
  bool vacant_ = false;
  std::size_t hole_ = 0;
  Time now_{};
  // Sequence numbers count up to seq_limit_ (what fits above the leaf bits, less the free leaves'
  // all-ones, or the constructor's limit), where the pending events are numbered afresh.
  std::uint64_t next_seq_ = 0;
  std::uint64_t max_seq_;
  std::uint64_t seq_limit_ = 0;
  std::uint64_t executed_ = 0;
  Closures closures_;
};

}  // namespace udplab::netsim
