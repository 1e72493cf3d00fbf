// Fabric: what every part of the simulated network shares — the clock and agenda, the packet
// store, the trace — passed by reference instead of through a global simulator.
#pragma once

#include <cstdint>

#include "netsim/event_queue.hpp"
#include "netsim/packet_store.hpp"
#include "netsim/trace.hpp"

namespace udplab::netsim {

struct Fabric {
  EventQueue& events;
  Trace& trace;
  PacketStore packets;
  std::uint32_t copy_counter = 0;  // numbers duplicates across all links: (id, copy) stays unique
  std::uint64_t seed = 0;

  Time now() const { return events.now(); }
  // Reports `kind` for packet `id` at `where` to the trace sinks (cheap when there are none).
  void note(TraceKind kind, PacketId id, std::string_view where, DropReason reason = DropReason::none, int capture = -1,
            bool outbound = false) {
    if (!trace.enabled()) return;
    const Packet& p = packets[id];
    trace.record(TraceEvent{now(), kind, reason, where, capture, outbound, &p, packets.bytes(p.payload)});
  }
};

}  // namespace udplab::netsim
