// EchoPing: the ping-style echo client engine (see transport/engine.hpp for the contract).
//
// Sends numbered probes (probe_codec.hpp) to one target, either one per `interval` or, in flood
// mode, as fast as replies come back with at most `window` unresolved. A probe is resolved by its
// reply or by its timeout; a reply after the timeout counts as received and "late", not lost.
// Replies are matched by payload, so any echo server works. Counters are 64-bit. The host program
// should connect the socket to the target: then a closed port is reported (on_error with
// connection_refused) instead of looking like silent loss.
//
// Finishes when every probe has been sent and resolved, or when stop() is called.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "echo/probe_codec.hpp"
#include "echo/rtt_stats.hpp"
#include "transport/engine.hpp"
#include "util/config_error.hpp"
#include "util/ring.hpp"

namespace udplab::echo {

struct PingConfig {
  net::Endpoint target;
  std::uint64_t count = 5;  // 0: until stop() or `duration`
  Duration interval = std::chrono::seconds(1);
  std::size_t payload_size = 56;  // at least kProbeHeaderSize
  Duration timeout = std::chrono::seconds(1);
  bool flood = false;
  std::uint32_t window = 64;  // flood mode: probes in flight at once
  Duration duration{0};       // 0: no limit; else stop sending after this long
  std::uint64_t session = 0;  // distinguishes this run's replies from another's
};

// The fields validate() checks, for each front end to name in its own words.
enum class PingField { payload_size, timeout, interval, window, duration };
using PingConfigError = util::ConfigError<PingField>;

// Checks ranges; returns the first bad field and why, or nothing.
std::optional<PingConfigError> validate(const PingConfig& config);

struct PingSummary {
  net::Endpoint target;
  std::size_t payload_size = 0;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;    // distinct probes answered, late ones included
  std::uint64_t lost = 0;        // sent - received
  double loss_percent = 0;
  std::uint64_t duplicates = 0;  // extra copies of an answered probe
  std::uint64_t reordered = 0;   // answered after a probe with a higher sequence number
  std::uint64_t late = 0;        // answered after its timeout
  std::uint64_t unmatched = 0;   // datagrams that were no reply to this run (wrong size, altered...)
  std::uint64_t send_errors = 0;
  std::uint64_t unreachable = 0;  // ICMP port unreachable reports (nobody listens at the target)
  Duration elapsed{};
  RttSummary rtt;
};

namespace ping_event {
struct Reply {
  std::uint64_t seq{};
  std::size_t bytes{};
  Duration rtt{};
  net::Endpoint from{};
  bool duplicate{}, reordered{}, late{};
  Time at{};
};
struct Timeout {
  std::uint64_t seq{};
  Time at{};
};
struct Unmatched {
  net::Endpoint from{};
  std::size_t bytes{};
  std::string reason{};
  Time at{};
};
struct SendFailed {
  std::string error{};
  Time at{};
};
struct Unreachable {  // the target host said no one listens on that port
  Time at{};
};
}  // namespace ping_event

using PingEvent = std::variant<ping_event::Reply, ping_event::Timeout, ping_event::Unmatched, ping_event::SendFailed,
                               ping_event::Unreachable>;

class EchoPing : public transport::EngineOutputs<PingEvent> {
 public:
  using Event = PingEvent;

  explicit EchoPing(PingConfig config);

  void start(Time now);
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return finished_; }

  // Stops sending and finishes now (Ctrl-C); unanswered probes count as lost.
  void stop(Time now);

  PingSummary summary() const;
  const PingConfig& config() const { return config_; }

 private:
  struct Slot {
    Time sent{};
    bool replied = false;
    bool timed_out = false;
  };

  bool may_send_more(Time now) const;
  void send_probe(Time now);
  void send_due(Time now);
  void expire(Time now);
  void trim_history();
  void check_finished(Time now);
  Slot* slot(std::uint64_t seq);

  PingConfig config_;
  Time started_{};
  Time finished_at_{};
  bool started_flag_ = false;
  bool finished_ = false;
  bool stopped_ = false;

  std::uint64_t first_seq_ = 1;    // sequence number of slots_.front()
  std::uint64_t next_seq_ = 1;     // next to send
  std::uint64_t resolve_cursor_ = 1;  // first probe neither answered nor timed out... or later
  util::Ring<Slot> slots_;
  std::uint64_t outstanding_ = 0;  // sent, unanswered, not timed out
  Time next_send_{};
  std::uint64_t highest_received_ = 0;

  PingSummary counters_;
  RttStats rtt_;
};

inline std::optional<Time> EchoPing::next_deadline() const {
  if (finished_) return std::nullopt;
  // The earliest of up to three times, in plain variables, and inline: GCC 12 returns a
  // std::optional<Time> from an out-of-line call through memory, a byte store then a wider load
  // that cannot be forwarded (a stall after every datagram of a flood).
  constexpr Time kNone = Time::max();
  Time next = kNone;
  if (resolve_cursor_ < next_seq_) {
    const Slot& s = slots_[static_cast<std::size_t>(resolve_cursor_ - first_seq_)];
    next = s.sent + config_.timeout;
  }
  if (!stopped_ && (config_.count == 0 || counters_.sent < config_.count)) {
    if (!config_.flood) next = std::min(next, next_send_);
    // The duration limit ends sending even when nothing else is due.
    if (config_.duration > Duration::zero()) next = std::min(next, started_ + config_.duration);
  }
  if (next == kNone) return std::nullopt;
  return next;
}

}  // namespace udplab::echo
