// The life of every datagram as structured events, handed to sinks as they happen: the JSON Lines
// writer, the pcapng writer, a recorder for tests. Nothing is kept unless a sink keeps it, so a
// long run's memory does not grow with the datagrams it simulated; with no sink attached, the
// network does not even build the events.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netsim/packet.hpp"
#include "transport/time.hpp"

namespace udplab::netsim {

enum class TraceKind : std::uint8_t {
  sent,        // left the sending host (one event per frame: fragments each have one)
  queued,      // waits behind earlier packets at a rate-limited link
  dropped,     // gone; `reason` says why
  duplicated,  // a link made an extra copy (the copy's number is in `copy`)
  corrupted,   // a link flipped a bit; the receiver's checksum will fail
  delivered,   // handed to a receiving socket (or, for ICMP, to the host)
  forwarded,   // a router passed it on
};

enum class DropReason : std::uint8_t {
  none,
  loss,                 // the link's loss model
  queue_full,           // tail drop: the link already holds its limit of packets
  no_listener,          // no socket bound to the port (an ICMP port unreachable follows)
  checksum,             // corrupted on the way: UDP checksum failed at the receiver
  partition,            // hosts partitioned by the timeline
  link_down,            // link cut by the timeline
  fragment_lost,        // a fragment never arrived: reassembly timed out
  host_unreachable,     // no host on the segment has the destination address
  no_route,             // no route, or a broadcast a router will not forward
  ttl_expired,
  receive_buffer_full,  // the receiving socket's queue was full
  too_big,              // an IPv6 packet over a router's MTU (IPv6 routers do not fragment)
};

std::string_view to_string(TraceKind k);
std::string_view to_string(DropReason r);

struct TraceEvent {
  Time at{};
  TraceKind kind = TraceKind::sent;
  DropReason reason = DropReason::none;
  std::string_view where;  // host, segment, or link direction "client->wan" / "wan->server"
  int capture = -1;        // interface (capture point) index, -1 when none applies
  bool outbound = false;   // leaving the host at `capture` (else arriving)
  // The packet and its payload, valid only during the call.
  const Packet* packet = nullptr;
  std::span<const std::byte> payload;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void record(const TraceEvent& e) = 0;
};

class Trace {
 public:
  bool enabled() const { return !sinks_.empty(); }
  void add_sink(TraceSink& sink) { sinks_.push_back(&sink); }
  void remove_sink(TraceSink& sink);
  void record(const TraceEvent& e) {
    for (auto* s : sinks_) s->record(e);
  }

 private:
  std::vector<TraceSink*> sinks_;
};

// Keeps a copy of every event (tests, small runs).
struct RecordedEvent {
  Time at{};
  TraceKind kind{};
  DropReason reason{};
  std::string where;
  int capture = -1;
  bool outbound = false;
  Packet packet;
  std::vector<std::byte> payload;
};

class TraceRecorder final : public TraceSink {
 public:
  void record(const TraceEvent& e) override;
  const std::vector<RecordedEvent>& events() const { return events_; }
  std::size_t count(TraceKind kind, DropReason reason = DropReason::none) const;

 private:
  std::vector<RecordedEvent> events_;
};

}  // namespace udplab::netsim
