#include "broadcast/broadcast_listener.hpp"

#include <algorithm>

namespace udplab::broadcast {

void BroadcastListener::on_datagram(Time now, const transport::Datagram& d) {
  if (finished_) return;
  ++stats_.received;
  stats_.bytes += d.payload.size();
  auto& senders = stats_.senders;
  if (senders.size() < kMaxSenders && std::find(senders.begin(), senders.end(), d.from) == senders.end())
    senders.push_back(d.from);
  if (out_.events_enabled())
    out_.emit(listen_event::Received{d.from, std::vector<std::byte>(d.payload.begin(), d.payload.end()), now});
  if (config_.count != 0 && stats_.received >= config_.count) stop(now);
}

void BroadcastListener::on_timer(Time now) {
  if (finished_) return;
  if (config_.duration > Duration::zero() && now >= started_ + config_.duration) stop(now);
}

std::optional<Time> BroadcastListener::next_deadline() const {
  if (finished_ || config_.duration <= Duration::zero()) return std::nullopt;
  return started_ + config_.duration;
}

void BroadcastListener::stop(Time now) {
  if (finished_) return;
  finished_ = true;
  stats_.elapsed = now - started_;
}

}  // namespace udplab::broadcast
