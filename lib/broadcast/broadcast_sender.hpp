// BroadcastSender: sends one message to broadcast addresses, `count` times, `interval` apart
// (see transport/engine.hpp for the engine contract).
//
// The message is the caller's bytes, so any listener works (socat, a Python one-liner, `udplab
// broadcast listen`). The socket needs the broadcast option: without it the kernel (and netsim)
// refuses the send with EACCES. A limited broadcast (255.255.255.255) stays on the segment of the
// interface it leaves by; a directed broadcast (10.0.1.255) names the segment; routers forward
// neither.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "transport/engine.hpp"
#include "util/config_error.hpp"

namespace udplab::broadcast {

struct SendConfig {
  std::vector<net::Endpoint> targets;
  std::vector<std::byte> message;
  std::uint64_t count = 1;
  Duration interval = std::chrono::seconds(1);
};

// The fields validate() checks, for each front end to name in its own words.
enum class SendField { targets, message, count, interval };
using SendConfigError = util::ConfigError<SendField>;

// Checks ranges; returns the first bad field and why, or nothing.
std::optional<SendConfigError> validate(const SendConfig& config);

struct SendStats {
  std::uint64_t rounds = 0;       // times the message went to every target
  std::uint64_t sent = 0;         // datagrams the socket accepted
  std::uint64_t send_errors = 0;
  std::string last_error;
  Duration elapsed{};
};

namespace send_event {
struct Sending {
  net::Endpoint to{};
  std::size_t bytes{};
  std::uint64_t round{};
  Time at{};
};
struct SendFailed {
  std::string error{};
  Time at{};
};
}  // namespace send_event

using SendEvent = std::variant<send_event::Sending, send_event::SendFailed>;

class BroadcastSender : public transport::EngineOutputs<SendEvent> {
 public:
  using Event = SendEvent;

  explicit BroadcastSender(SendConfig config) : config_(std::move(config)) {}

  void start(Time now);
  void on_datagram(Time, const transport::Datagram&) {}  // answers are not its business
  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return finished_; }
  void stop(Time now);

  // Datagrams the socket accepted: those queued, less the failures reported so far.
  SendStats stats() const;
  const SendConfig& config() const { return config_; }

 private:
  void send_round(Time now);

  SendConfig config_;
  Time started_{};
  Time next_round_{};
  std::uint64_t queued_ = 0;
  bool finished_ = false;
  SendStats stats_;
};

}  // namespace udplab::broadcast
