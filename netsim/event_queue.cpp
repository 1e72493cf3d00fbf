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

void EventQueue::schedule(Time at, EventHandler& handler, std::uint64_t arg) {
  if (at < now_) at = now_;
  heap_.push_back(Entry{to_ns(at), next_seq_++, &handler, arg});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

void EventQueue::schedule(Time at, Callback fn) { schedule(at, closures_, closures_.add(std::move(fn))); }

std::optional<Time> EventQueue::next_time() const {
  if (heap_.empty()) return std::nullopt;
  return Time{Duration{heap_.front().at}};
}

bool EventQueue::step() {
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const Entry e = heap_.back();
  heap_.pop_back();
  now_ = Time{Duration{e.at}};
  ++executed_;
  e.handler->on_event(e.arg);
  return true;
}

void EventQueue::run_until(Time limit) {
  const std::int64_t limit_ns = to_ns(limit);
  while (!heap_.empty() && heap_.front().at <= limit_ns) step();
  if (now_ < limit) now_ = limit;
}

}  // namespace udplab::netsim
