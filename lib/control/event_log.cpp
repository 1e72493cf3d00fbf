#include "control/event_log.hpp"

namespace udplab::control {

void EventLog::append(v1::RunEvent event) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    event.set_seq(events_.size() + 1);
    bytes_ += event.ByteSizeLong();
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

void EventLog::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool EventLog::read(std::uint64_t after, std::vector<v1::RunEvent>& out, std::size_t max, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return events_.size() > after || closed_; });
  for (std::uint64_t i = after; i < events_.size() && out.size() < max; ++i) out.push_back(events_[i]);
  return !(closed_ && after + out.size() >= events_.size());
}

std::uint64_t EventLog::size() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

std::size_t EventLog::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace udplab::control
