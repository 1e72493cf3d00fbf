#include "netsim/event_queue.hpp"

#include <algorithm>

namespace udplab::netsim {

void EventQueue::schedule(Time at, Callback fn) {
  if (at < now_) at = now_;
  heap_.push_back(Entry{at, next_seq_++, std::move(fn)});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

std::optional<Time> EventQueue::next_time() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at;
}

bool EventQueue::step() {
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry e = std::move(heap_.back());
  heap_.pop_back();
  now_ = e.at;
  ++executed_;
  e.fn();
  return true;
}

void EventQueue::run_until(Time limit) {
  while (!heap_.empty() && heap_.front().at <= limit) step();
  if (now_ < limit) now_ = limit;
}

}  // namespace udplab::netsim
