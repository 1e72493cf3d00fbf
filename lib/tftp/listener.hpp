// Listener: the engine on a TFTP server's well-known port (69). It answers nothing but requests:
// each valid RRQ/WRQ becomes a Request event, from which the host program starts a ServerSession
// on a fresh socket (a new transfer ID, RFC 1350 section 4). See transport/engine.hpp for the
// engine contract.
//
//   malformed request          ERROR 4 (tftp-hpa's answer) with the decoder's reason
//   DATA/ACK/OACK              ERROR 4: this port only takes requests
//   ERROR                      ignored: answering an ERROR could start a loop between two servers
//   spoofable source           ignored: port 0, broadcast, multicast or unspecified addresses
//                              could turn the server into a reflector (net/reply_policy.hpp, the
//                              rule every udplab server follows)
//   over max_sessions          ERROR 0 "Server busy"
//   over a client's rate       ERROR 0 "Too many requests": each client address has a bucket of
//                              `per_client_burst` new sessions, refilled at `per_client_rate`/s
//
// The listener counts sessions: each Request event is one more, until session_ended().
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "tftp/packet.hpp"
#include "transport/engine.hpp"

namespace udplab::tftp {

// The most transfers a listener runs at once (each holds a socket and a file handle).
inline constexpr std::uint32_t kMaxSessions = 100'000;

struct ListenerConfig {
  std::uint32_t max_sessions = 512;
  double per_client_rate = 50;        // new sessions per second per client address
  std::uint32_t per_client_burst = 100;
  std::vector<net::IpAddress> broadcast_addresses;  // this host's directed broadcast addresses
};

struct ListenerStats {
  std::uint64_t requests = 0;   // accepted (sessions started)
  std::uint64_t malformed = 0;  // answered with ERROR 4
  std::uint64_t busy = 0;       // refused: too many sessions
  std::uint64_t rate_limited = 0;
  std::uint64_t ignored = 0;    // spoofable sources, ERRORs
};

namespace listener_event {
struct Request {
  net::Endpoint from;
  std::variant<Rrq, Wrq> request;
  Time at{};
};
struct Refused {
  net::Endpoint from;
  std::string reason;
  Time at{};
};
}  // namespace listener_event

using ListenerEvent = std::variant<listener_event::Request, listener_event::Refused>;

class Listener : public transport::EngineOutputs<ListenerEvent> {
 public:
  using Event = ListenerEvent;

  explicit Listener(ListenerConfig config) : config_(std::move(config)) {}

  void start(Time) {}
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time, std::error_code) {}
  void on_timer(Time) {}
  std::optional<Time> next_deadline() const { return std::nullopt; }
  bool finished() const { return false; }

  // A session started by a Request event has ended.
  void session_ended() {
    if (active_ > 0) --active_;
  }
  std::uint32_t active_sessions() const { return active_; }
  const ListenerStats& stats() const { return stats_; }

 private:
  struct Bucket {
    double tokens = 0;
    Time last{};
  };
  bool take_token(const net::IpAddress& client, Time now);
  void refuse(Time now, const net::Endpoint& to, ErrorCode code, std::string message);

  ListenerConfig config_;
  ListenerStats stats_;
  std::uint32_t active_ = 0;
  std::map<net::IpAddress, Bucket> buckets_;
  std::vector<std::byte> scratch_;
};

}  // namespace udplab::tftp
