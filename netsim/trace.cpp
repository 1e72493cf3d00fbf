#include "netsim/trace.hpp"

#include <algorithm>

namespace udplab::netsim {

std::string_view to_string(TraceKind k) {
  switch (k) {
    case TraceKind::sent: return "sent";
    case TraceKind::queued: return "queued";
    case TraceKind::dropped: return "dropped";
    case TraceKind::duplicated: return "duplicated";
    case TraceKind::corrupted: return "corrupted";
    case TraceKind::delivered: return "delivered";
    case TraceKind::forwarded: return "forwarded";
  }
  return "unknown";
}

std::string_view to_string(DropReason r) {
  switch (r) {
    case DropReason::none: return "none";
    case DropReason::loss: return "loss";
    case DropReason::queue_full: return "queue_full";
    case DropReason::no_listener: return "no_listener";
    case DropReason::checksum: return "checksum";
    case DropReason::partition: return "partition";
    case DropReason::link_down: return "link_down";
    case DropReason::fragment_lost: return "fragment_lost";
    case DropReason::host_unreachable: return "host_unreachable";
    case DropReason::no_route: return "no_route";
    case DropReason::ttl_expired: return "ttl_expired";
    case DropReason::receive_buffer_full: return "receive_buffer_full";
    case DropReason::too_big: return "too_big";
  }
  return "unknown";
}

void Trace::remove_sink(TraceSink& sink) { sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), &sink), sinks_.end()); }

void TraceRecorder::record(const TraceEvent& e) {
  RecordedEvent r;
  r.at = e.at;
  r.kind = e.kind;
  r.reason = e.reason;
  r.where = std::string(e.where);
  r.capture = e.capture;
  r.outbound = e.outbound;
  if (e.packet) r.packet = *e.packet;
  r.payload.assign(e.payload.begin(), e.payload.end());
  events_.push_back(std::move(r));
}

std::size_t TraceRecorder::count(TraceKind kind, DropReason reason) const {
  return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [&](const RecordedEvent& e) {
    return e.kind == kind && (reason == DropReason::none || e.reason == reason);
  }));
}

}  // namespace udplab::netsim
