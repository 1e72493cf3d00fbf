// BroadcastListener: receives datagrams on a port and reports each with its sender (see
// transport/engine.hpp for the engine contract). It finishes after `count` datagrams or after
// `duration`, whichever comes first (0: no limit).
//
// Bind it to the wildcard address (0.0.0.0): a socket bound to one unicast address does not see
// broadcasts. With reuse_address several listeners on one host share the port, and each gets its
// own copy of every broadcast. A plain UDP socket cannot tell a broadcast from a unicast datagram
// (that needs IP_PKTINFO), so the listener reports both alike.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "transport/engine.hpp"

namespace udplab::broadcast {

struct ListenConfig {
  std::uint64_t count = 0;  // 0: no limit
  Duration duration{0};     // 0: no limit
};

struct ListenStats {
  std::uint64_t received = 0;
  std::uint64_t bytes = 0;
  std::vector<net::Endpoint> senders;  // distinct, in the order first heard (at most kMaxSenders)
  Duration elapsed{};
};

inline constexpr std::size_t kMaxSenders = 1000;

namespace listen_event {
struct Received {
  net::Endpoint from{};
  std::vector<std::byte> payload{};
  Time at{};
};
}  // namespace listen_event

using ListenEvent = std::variant<listen_event::Received>;

class BroadcastListener : public transport::EngineOutputs<ListenEvent> {
 public:
  using Event = ListenEvent;

  explicit BroadcastListener(ListenConfig config) : config_(config) {}

  void start(Time now) { started_ = now; }
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time, std::error_code) {}  // it sends nothing, so no error is its own
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return finished_; }
  void stop(Time now);

  const ListenStats& stats() const { return stats_; }

 private:
  ListenConfig config_;
  Time started_{};
  bool finished_ = false;
  ListenStats stats_;
};

}  // namespace udplab::broadcast
