#include "netsim/event_queue.hpp"

#include <algorithm>

namespace udplab::netsim {

EventQueue::EventQueue() { heap_.reserve(1024); }

std::uint64_t EventQueue::Closures::add(Callback fn) {
  if (!free_.empty()) {
    const std::uint64_t slot = free_.back();
    free_.pop_back();
    slots_[slot] = std::move(fn);
    return slot;
  }
  slots_.push_back(std::move(fn));
  return slots_.size() - 1;
}

void EventQueue::Closures::on_event(std::uint64_t slot) {
  Callback fn = std::move(slots_[slot]);
  slots_[slot] = nullptr;
  free_.push_back(slot);
  fn();
}

void EventQueue::sift_up(std::size_t i, const Entry& e) {
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!earlier(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

std::size_t EventQueue::sink_hole(std::size_t i) {
  // The earliest of up to four children is picked with selects, not branches: which child wins
  // is data-dependent, so branches there mispredicted about half the time. The last select is a
  // mask, not a multiply: this chain of dependent loads and compares is what the loop waits on.
  // (Measured slower: sifting the new or the last entry down from the root; keeping the
  // children's keys in registers instead of re-loading the winners.)
  const std::size_t n = heap_.size();
  while (true) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) return i;
    std::size_t best = first;
    if (first + 3 < n) {
      const std::size_t a = first + static_cast<std::size_t>(earlier(heap_[first + 1], heap_[first]));
      const std::size_t b = first + 2 + static_cast<std::size_t>(earlier(heap_[first + 3], heap_[first + 2]));
      const std::size_t b_first = std::size_t{0} - static_cast<std::size_t>(earlier(heap_[b], heap_[a]));
      best = a ^ ((a ^ b) & b_first);
    } else {
      for (std::size_t c = first + 1; c < n; ++c) best = earlier(heap_[c], heap_[best]) ? c : best;
    }
    heap_[i] = heap_[best];
    i = best;
  }
}

void EventQueue::schedule(Time at, EventHandler& handler, std::uint64_t arg) {
  if (at < now_) at = now_;
  // The new entry goes straight to where it belongs. (Storing it at the hole first and loading it
  // back in sift_up stalled: the load spanned the separate stores of its fields.)
  const Entry e{to_ns(at), next_seq_++, &handler, arg};
  if (vacant_) {
    vacant_ = false;
    sift_up(hole_, e);
    return;
  }
  heap_.emplace_back();
  sift_up(heap_.size() - 1, e);
}

void EventQueue::schedule(Time at, Callback fn) { schedule(at, closures_, closures_.add(std::move(fn))); }

bool EventQueue::step() {
  settle();  // a handler that runs the queue itself (nested step) finds it in order
  if (heap_.empty()) return false;
  const Entry e = heap_.front();
  hole_ = sink_hole(0);
  vacant_ = true;
  now_ = Time{Duration{e.at}};
  ++executed_;
  e.handler->on_event(e.arg);
  settle();
  return true;
}

void EventQueue::run_until(Time limit) {
  const std::int64_t limit_ns = to_ns(limit);
  settle();
  while (!heap_.empty() && heap_.front().at <= limit_ns) step();
  if (now_ < limit) now_ = limit;
}

}  // namespace udplab::netsim
