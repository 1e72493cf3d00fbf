// RequestClient: one request, retried with exponential backoff until a reply comes, the target
// refuses, or the schedule runs out (see transport/engine.hpp for the engine contract).
//
// The request is the caller's bytes and the reply is whatever the target sends back: this works
// against any UDP request/response server (an echo server, a DNS or NTP server...). The first
// datagram from the target is the reply; datagrams from any other source are ignored and counted.
// The host program should connect the socket to the target: the kernel then filters other
// sources itself, and a closed port arrives as on_error(connection_refused), which ends the
// request at once instead of after every timeout.
//
// Which attempt got the reply? Every attempt carries the same bytes, so a reply cannot say which
// one it answers (Karn's problem). The client credits the latest attempt sent before the reply
// arrived and measures the RTT from it; the report keeps every attempt's send time so a reader
// can see the ambiguity.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "request/backoff.hpp"
#include "transport/engine.hpp"

namespace udplab::request {

struct RequestConfig {
  net::Endpoint target;
  std::vector<std::byte> message;
  BackoffPolicy backoff;
};

// Supplies 64 random bits per call (drawn only when the policy has jitter): a seeded stream in
// netsim, a seeded generator live. The engine owns no randomness of its own.
using RandomBits = std::function<std::uint64_t()>;

enum class Outcome { pending, replied, gave_up, refused, send_failed, stopped };
std::string_view to_string(Outcome o);

struct AttemptRecord {
  unsigned number = 0;   // from 1
  Duration sent_at{};    // since the first attempt
  Duration wait{};       // how long this attempt waited (its timeout)
  bool timed_out = false;
};

struct RequestSummary {
  net::Endpoint target;
  std::size_t request_bytes = 0;
  BackoffPolicy backoff;
  Outcome outcome = Outcome::pending;
  std::vector<AttemptRecord> attempts;
  unsigned answered_attempt = 0;  // 0 unless replied
  Duration rtt{};                 // reply time - send time of the answered attempt
  Duration total{};               // first attempt to the reply, refusal or giving up
  std::vector<std::byte> reply;
  std::uint64_t ignored = 0;      // datagrams from other sources
  std::string error;              // for send_failed
};

namespace request_event {
struct AttemptSent {
  unsigned attempt{};
  Duration wait{};
  Time at{};
};
struct TimedOut {
  unsigned attempt{};
  Duration waited{};
  Time at{};
};
struct Replied {
  unsigned attempt{};
  Duration rtt{};
  std::size_t bytes{};
  Time at{};
};
struct Ignored {
  net::Endpoint from{};
  std::size_t bytes{};
  Time at{};
};
struct Refused {  // ICMP port unreachable: nothing listens at the target
  Time at{};
};
struct GaveUp {
  unsigned attempts{};
  Time at{};
};
struct SendFailed {
  std::string error{};
  Time at{};
};
}  // namespace request_event

using RequestEvent = std::variant<request_event::AttemptSent, request_event::TimedOut, request_event::Replied,
                                  request_event::Ignored, request_event::Refused, request_event::GaveUp,
                                  request_event::SendFailed>;

class RequestClient : public transport::EngineOutputs<RequestEvent> {
 public:
  using Event = RequestEvent;

  // `random` may be empty when the policy has no jitter.
  RequestClient(RequestConfig config, RandomBits random = {});

  void start(Time now);
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return summary_.outcome != Outcome::pending; }

  // Gives up now (Ctrl-C): outcome "stopped".
  void stop(Time now);

  const RequestSummary& summary() const { return summary_; }
  const RequestConfig& config() const { return config_; }

 private:
  void send_attempt(Time now);
  void finish(Time now, Outcome outcome);

  RequestConfig config_;
  RandomBits random_;
  std::vector<Duration> waits_;  // nominal schedule
  Time first_sent_{};
  Time deadline_{};
  Time last_sent_{};
  RequestSummary summary_;
};

}  // namespace udplab::request
