#include "tftp/listener.hpp"

#include <algorithm>
#include <chrono>

#include "net/reply_policy.hpp"

namespace udplab::tftp {
namespace {

// Buckets of clients idle long enough to be full again are forgotten beyond this many entries,
// so that a scan of many source addresses cannot grow the table without bound.
constexpr std::size_t kMaxBuckets = 4096;

}  // namespace

bool Listener::take_token(const net::IpAddress& client, Time now) {
  const double burst = std::max<std::uint32_t>(config_.per_client_burst, 1);
  auto refill = [&](Bucket& b) {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst, b.tokens + elapsed * config_.per_client_rate);
    b.last = now;
  };
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxBuckets) {
      for (auto i = buckets_.begin(); i != buckets_.end();) {
        refill(i->second);
        i = i->second.tokens >= burst ? buckets_.erase(i) : std::next(i);
      }
    }
    it = buckets_.emplace(client, Bucket{burst, now}).first;
  }
  refill(it->second);
  if (it->second.tokens < 1.0) return false;
  it->second.tokens -= 1.0;
  return true;
}

void Listener::refuse(Time now, const net::Endpoint& to, ErrorCode code, std::string message) {
  if (!encode(Error{code, message}, scratch_)) out_.send(to, scratch_);
  if (out_.events_enabled()) out_.emit(listener_event::Refused{to, std::move(message), now});
}

void Listener::on_datagram(Time now, const transport::Datagram& d) {
  if (net::refuse_reply_to(d.from, config_.broadcast_addresses)) {
    ++stats_.ignored;
    return;
  }
  auto packet = decode(d.payload);
  if (!packet) {
    ++stats_.malformed;
    return refuse(now, d.from, reply_code_for(packet.error()), "Illegal TFTP operation: " + packet.error().message());
  }
  if (std::holds_alternative<Error>(*packet)) {
    ++stats_.ignored;
    return;
  }
  std::variant<Rrq, Wrq> request;
  if (auto* rrq = std::get_if<Rrq>(&*packet)) {
    request = std::move(*rrq);
  } else if (auto* wrq = std::get_if<Wrq>(&*packet)) {
    request = std::move(*wrq);
  } else {
    ++stats_.malformed;
    return refuse(now, d.from, ErrorCode::illegal_operation,
                  "Illegal TFTP operation: " + std::string(to_string(opcode_of(*packet))) + " sent to the request port");
  }
  if (active_ >= config_.max_sessions) {
    ++stats_.busy;
    return refuse(now, d.from, ErrorCode::not_defined,
                  "Server busy: " + std::to_string(active_) + " transfers running, try again later");
  }
  if (!take_token(d.from.address.unmapped(), now)) {
    ++stats_.rate_limited;
    return refuse(now, d.from, ErrorCode::not_defined, "Too many requests from your address, slow down");
  }
  ++active_;
  ++stats_.requests;
  out_.emit(listener_event::Request{d.from, std::move(request), now});
}

}  // namespace udplab::tftp
