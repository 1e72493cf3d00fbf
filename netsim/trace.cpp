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
  }
  return "unknown";
}

TraceEvent describe(const Packet& p, Time at, TraceKind kind, std::string where, DropReason reason) {
  TraceEvent e;
  e.at = at;
  e.kind = kind;
  e.reason = reason;
  e.packet = p.id;
  e.copy = p.copy;
  e.packet_kind = p.kind;
  e.where = std::move(where);
  e.src = p.src;
  e.dst = p.dst;
  e.bytes = p.payload_size();
  e.frag_index = p.frag_index;
  e.frag_count = p.frag_count;
  return e;
}

void Trace::record(TraceEvent e) {
  for (auto& l : listeners_) l(e);
  events_.push_back(std::move(e));
}

void Trace::remember_payload(std::uint64_t packet, std::uint32_t copy, const std::shared_ptr<const Bytes>& p) {
  if (!keep_payloads_ || !p) return;
  auto key = [](const StoredPayload& s) { return std::pair{s.packet, s.copy}; };
  auto it = std::lower_bound(payloads_.begin(), payloads_.end(), std::pair{packet, copy},
                             [&](const StoredPayload& s, const auto& k) { return key(s) < k; });
  if (it != payloads_.end() && key(*it) == std::pair{packet, copy}) return;
  payloads_.insert(it, StoredPayload{packet, copy, p});
}

const std::shared_ptr<const Bytes>* Trace::payload_of(std::uint64_t packet, std::uint32_t copy) const {
  auto it = std::lower_bound(payloads_.begin(), payloads_.end(), std::pair{packet, copy},
                             [](const StoredPayload& s, const auto& k) { return std::pair{s.packet, s.copy} < k; });
  if (it == payloads_.end() || it->packet != packet || it->copy != copy) return nullptr;
  return &it->bytes;
}

}  // namespace udplab::netsim
