// The life of every datagram as structured events. Reports, JSON Lines, pcap files and pictures are
// all made from this record, and determinism tests hash it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "netsim/packet.hpp"
#include "transport/time.hpp"

namespace udplab::netsim {

enum class TraceKind : std::uint8_t {
  sent,        // left the sending socket
  queued,      // entered a rate-limited queue on a link
  dropped,     // gone; `reason` says why
  duplicated,  // a link made an extra copy (the copy's number is in `copy`)
  corrupted,   // a link flipped a bit; the receiver's checksum will fail
  delivered,   // handed to a receiving socket
  forwarded,   // a router passed it on
};

enum class DropReason : std::uint8_t {
  none,
  loss,                // the link's loss model
  queue_full,          // tail drop at a rate limit
  no_listener,         // no socket bound to the port (an ICMP port unreachable follows)
  checksum,            // corrupted on the way: UDP checksum failed at the receiver
  partition,           // hosts partitioned by the timeline
  link_down,           // link cut by the timeline
  fragment_lost,       // another fragment of the datagram was lost
  host_unreachable,    // no host on the segment has the destination address
  no_route,            // a router had no route
  ttl_expired,
  receive_buffer_full, // the receiving socket's queue was full
};

std::string_view to_string(TraceKind k);
std::string_view to_string(DropReason r);

struct TraceEvent {
  Time at{};
  TraceKind kind = TraceKind::sent;
  DropReason reason = DropReason::none;
  std::uint64_t packet = 0;
  std::uint32_t copy = 0;
  PacketKind packet_kind = PacketKind::udp;
  std::string where;  // host name, or link direction "a->b" / "segment:host>"
  net::Endpoint src;
  net::Endpoint dst;
  std::size_t bytes = 0;  // UDP payload bytes
  std::uint16_t frag_index = 0;
  std::uint16_t frag_count = 1;
};

// The event for `p` at `at`, seen at `where`.
TraceEvent describe(const Packet& p, Time at, TraceKind kind, std::string where, DropReason reason = DropReason::none);

class Trace {
 public:
  using Listener = std::function<void(const TraceEvent&)>;

  void record(TraceEvent e);
  // Keeps the payload of each datagram once, for pcap export. Off by default.
  void keep_payloads(bool on) { keep_payloads_ = on; }
  void remember_payload(std::uint64_t packet, std::uint32_t copy, const std::shared_ptr<const Bytes>& p);
  const std::shared_ptr<const Bytes>* payload_of(std::uint64_t packet, std::uint32_t copy) const;

  void add_listener(Listener l) { listeners_.push_back(std::move(l)); }
  const std::vector<TraceEvent>& events() const { return events_; }

 private:
  std::vector<TraceEvent> events_;
  std::vector<Listener> listeners_;
  bool keep_payloads_ = false;
  struct StoredPayload {
    std::uint64_t packet;
    std::uint32_t copy;
    std::shared_ptr<const Bytes> bytes;
  };
  std::vector<StoredPayload> payloads_;  // sorted by (packet, copy): ids only grow
};

}  // namespace udplab::netsim
