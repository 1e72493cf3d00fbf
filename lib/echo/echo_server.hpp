// EchoServer: returns each datagram to its sender (RFC 862), or in reply-length mode answers
// "Your data was N bytes long". See transport/engine.hpp for the engine contract.
//
// It refuses to reflect towards sources that cannot be a real single requester: port 0,
// multicast, the limited broadcast address, unspecified addresses and the directed broadcast
// addresses it is told about (net/reply_policy.hpp). Spoofed sources like these turn echo servers
// into amplifiers. Nothing a peer sends can stop it: every datagram is either answered or counted
// as refused.
//
// Given a discovery identity, it answers discovery probes (discovery/discovery_codec.hpp) with its
// name and version instead of echoing them, so `udplab discover` finds it. The answer goes to the
// prober alone, under the same refusal rules, and is never larger than the probe.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "discovery/discovery_codec.hpp"
#include "net/reply_policy.hpp"
#include "transport/engine.hpp"

namespace udplab::echo {

struct ServerConfig {
  bool reply_length = false;
  std::vector<net::IpAddress> broadcast_addresses;  // this host's directed broadcast addresses
  std::optional<discovery::Identity> discovery;     // answer discovery probes as this (unset: echo them)
};

struct ServerStats {
  std::uint64_t received = 0;
  std::uint64_t replied = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t refused = 0;  // not reflected: broadcast/multicast/port-0/unspecified source
  std::uint64_t send_errors = 0;
  std::uint64_t discovery_answered = 0;  // discovery probes answered (also counted in replied)
};

using RefusalReason = net::ReplyRefusal;
using net::to_string;

namespace server_event {
struct Served {
  net::Endpoint peer{};
  std::size_t bytes_in{}, bytes_out{};
  Time at{};
};
struct Refused {
  net::Endpoint peer{};
  RefusalReason reason{};
  Time at{};
};
struct SendFailed {
  std::string error{};
  Time at{};
};
struct DiscoveryAnswered {
  net::Endpoint peer{};
  Time at{};
};
}  // namespace server_event

using ServerEvent = std::variant<server_event::Served, server_event::Refused, server_event::SendFailed,
                                 server_event::DiscoveryAnswered>;

// The text reply-length mode sends back for a datagram of `n` bytes.
std::string length_reply(std::size_t n);

class EchoServer : public transport::EngineOutputs<ServerEvent> {
 public:
  using Event = ServerEvent;

  explicit EchoServer(ServerConfig config) : config_(std::move(config)) {}

  void start(Time) {}
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time now, std::error_code ec);
  void on_timer(Time) {}
  std::optional<Time> next_deadline() const { return std::nullopt; }
  bool finished() const { return false; }

  const ServerStats& stats() const { return stats_; }

 private:
  ServerConfig config_;
  ServerStats stats_;
};

}  // namespace udplab::echo
