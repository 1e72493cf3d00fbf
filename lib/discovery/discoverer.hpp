// Discoverer: broadcasts discovery probes and collects the answers (see transport/engine.hpp for
// the engine contract and discovery_codec.hpp for the datagrams).
//
// It sends `probes` rounds, `interval` apart, each round one probe to every target (normally
// broadcast addresses, so one datagram reaches the whole segment), and listens until `timeout`
// after the last round. Every source that answers is one responder, with the RTT of its first
// answer (measured from the round it answers); further answers from it are counted, not listed.
// A plain echo server that knows nothing of discovery sends the probe back unchanged: it is listed
// too, as "echo (no discovery)". The socket must have the broadcast option, and must not be
// connected (answers come from many sources).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "discovery/discovery_codec.hpp"
#include "transport/engine.hpp"
#include "util/config_error.hpp"

namespace udplab::discovery {

struct DiscoverConfig {
  std::vector<net::Endpoint> targets;
  unsigned probes = 1;
  Duration interval = std::chrono::milliseconds(250);
  Duration timeout = std::chrono::seconds(1);
  std::uint64_t nonce = 0;  // random per run: tells this run's answers from another's
};

// The fields validate() checks, for each front end to name in its own words.
enum class DiscoverField { targets, probes, interval, timeout };
using DiscoverConfigError = util::ConfigError<DiscoverField>;

// Checks ranges; returns the first bad field and why, or nothing.
std::optional<DiscoverConfigError> validate(const DiscoverConfig& config);

struct Responder {
  net::Endpoint from;
  std::string role;  // to_string(Role), or "echo (no discovery)"
  std::string name, version;
  Duration rtt{};
  std::uint32_t probe = 0;   // the round its first answer belongs to
  std::uint64_t answers = 0;
};

struct DiscoverSummary {
  std::vector<net::Endpoint> targets;
  std::uint64_t probes_sent = 0;
  std::vector<Responder> responders;  // in the order they first answered
  std::uint64_t duplicates = 0;       // further answers from known responders
  std::uint64_t stale = 0;            // answers to another run's probes
  std::uint64_t invalid = 0;          // datagrams that were no answer at all
  std::uint64_t send_errors = 0;
  Duration elapsed{};
};

namespace discover_event {
struct Found {
  Responder responder;
  Time at{};
};
struct Invalid {
  net::Endpoint from{};
  std::string reason{};
  Time at{};
};
struct SendFailed {
  std::string error{};
  Time at{};
};
}  // namespace discover_event

using DiscoverEvent = std::variant<discover_event::Found, discover_event::Invalid, discover_event::SendFailed>;

class Discoverer : public transport::EngineOutputs<DiscoverEvent> {
 public:
  using Event = DiscoverEvent;

  explicit Discoverer(DiscoverConfig config);

  void start(Time now);
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return finished_; }
  void stop(Time now);

  const DiscoverSummary& summary() const { return summary_; }
  const DiscoverConfig& config() const { return config_; }

 private:
  void send_round(Time now);
  void record(Time now, const net::Endpoint& from, std::uint32_t probe, std::string role, std::string name,
              std::string version);
  Time end_time() const;

  DiscoverConfig config_;
  Time started_{};
  std::vector<Time> round_sent_;  // index: probe number - 1
  bool finished_ = false;
  DiscoverSummary summary_;
};

}  // namespace udplab::discovery
