// The receiving half of the network: segments, fragmentation and reassembly, forwarding, UDP
// demultiplexing, ICMP port unreachable.
#include "netsim/network.hpp"

namespace udplab::netsim {
namespace {

constexpr std::size_t kDefaultReceiveBuffer = 212992;  // Linux net.core.rmem_default
constexpr std::uint64_t kReassemblyTimer = 1ull << 63;
constexpr PacketId kMissing = static_cast<PacketId>(-1);

bool same_family(const net::IpAddress& a, const net::IpAddress& b) { return a.family() == b.family(); }

}  // namespace

void Host::on_event(std::uint64_t arg) {
  if (arg & kReassemblyTimer) {
    network_.expire_reassembly(*this, arg & ~kReassemblyTimer);
  } else {
    const PacketId id = static_cast<PacketId>(arg);
    network_.deliver_local(*this, nullptr, id, is_broadcast_for(network_.fabric_.packets[id].dst.address));
  }
}

void Network::drop(PacketId id, std::string_view where, DropReason reason, const Interface* at) {
  ++stats_.frames_dropped;
  fabric_.note(TraceKind::dropped, id, where, reason, at ? at->index : -1, false);
  fabric_.packets.release(id);
}

void Network::emit(Host& host, PacketId id, Interface& via, const net::IpAddress& next_hop, bool forwarded) {
  Packet& p = fabric_.packets[id];
  p.next_hop = next_hop;
  p.link_broadcast = next_hop.is_limited_broadcast() ||
                     (via.has_directed_broadcast() && via.directed_broadcast == next_hop);
  const TraceKind kind = forwarded ? TraceKind::forwarded : TraceKind::sent;
  if (p.wire_size() <= via.mtu) {
    fabric_.note(kind, id, host.name(), DropReason::none, via.index, true);
    via.egress->send(id);
    return;
  }
  // Too big for the link. Hosts fragment; IPv4 routers fragment whole datagrams; IPv6 routers
  // never fragment, and netsim does not fragment a fragment again.
  if ((forwarded && !p.is_v4()) || p.is_fragment()) {
    drop(id, host.name(), DropReason::too_big, &via);
    return;
  }
  const std::size_t header = p.is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize + kIpv6FragmentHeaderSize;
  const std::size_t chunk = via.mtu > header ? (via.mtu - header) / 8 * 8 : 0;
  if (chunk == 0) {
    drop(id, host.name(), DropReason::too_big, &via);
    return;
  }
  const std::size_t total = p.ip_payload_size();
  const std::size_t count = (total + chunk - 1) / chunk;
  for (std::size_t k = 0; k < count; ++k) {
    const PacketId f = fabric_.packets.clone(id);
    Packet& frag = fabric_.packets[f];
    frag.frag_index = static_cast<std::uint16_t>(k);
    frag.frag_count = static_cast<std::uint16_t>(count);
    frag.frag_offset = static_cast<std::uint32_t>(k * chunk);
    frag.frag_length = static_cast<std::uint32_t>(std::min(chunk, total - k * chunk));
    fabric_.note(kind, f, host.name(), DropReason::none, via.index, true);
    via.egress->send(f);
  }
  fabric_.packets.release(id);
}

void Network::leave_segment(Interface& from, PacketId id) {
  const Packet& p = fabric_.packets[id];
  const Segment& seg = *from.segment;
  if (p.link_broadcast) {
    for (auto* m : seg.members()) {
      if (m == &from) continue;
      const PacketId copy = fabric_.packets.clone(id);
      if (partitioned(p.origin, m->host)) {
        drop(copy, seg.name(), DropReason::partition, m);
        continue;
      }
      enter(*m, copy);
    }
    fabric_.packets.release(id);
    return;
  }
  if (Interface* m = from.link_peer) {
    if (m->address.address != p.next_hop) {
      drop(id, seg.name(), DropReason::host_unreachable, &from);
    } else if (partitioned(p.origin, m->host)) {
      drop(id, seg.name(), DropReason::partition, m);
    } else {
      enter(*m, id);
    }
    return;
  }
  for (auto* m : seg.members()) {
    if (m == &from || m->address.address != p.next_hop) continue;
    if (partitioned(p.origin, m->host)) {
      drop(id, seg.name(), DropReason::partition, m);
      return;
    }
    enter(*m, id);
    return;
  }
  drop(id, seg.name(), DropReason::host_unreachable, &from);
}

void Network::enter(Interface& at, PacketId id) {
  // Through the ingress pipeline, or straight on when it has nothing to do (no callback then).
  if (at.ingress->passes_straight_through()) {
    at.ingress->count_passed();
    receive(&at, *at.host, id);
  } else {
    at.ingress->send(id);
  }
}

void Network::receive(Interface* at, Host& host, PacketId id) {
  Packet& p = fabric_.packets[id];
  const net::IpAddress& dst = p.dst.address;
  // Any broadcast address of this host counts, also a directed broadcast for another of its
  // subnets (Linux keeps them all in the local routing table): a router delivers such a datagram to
  // its own sockets and forwards it nowhere.
  const bool broadcast = host.is_broadcast_for(dst);
  if (broadcast || host.owns(dst)) {
    if (p.is_fragment()) {
      auto whole = reassemble(host, id);
      if (!whole) return;
      id = *whole;
    }
    deliver_local(host, at, id, broadcast);
    return;
  }
  if (!host.forwarding()) {
    drop(id, host.name(), DropReason::host_unreachable, at);
    return;
  }
  if (p.ttl <= 1) {
    drop(id, host.name(), DropReason::ttl_expired, at);
    return;
  }
  const Route* r = lookup(host, dst);
  if (!r) {
    drop(id, host.name(), DropReason::no_route, at);
    return;
  }
  --p.ttl;
  emit(host, id, *r->via, r->gateway ? *r->gateway : dst, true);
}

std::optional<PacketId> Network::reassemble(Host& host, PacketId id) {
  const Packet& p = fabric_.packets[id];
  const std::uint64_t datagram = p.id;
  auto& r = host.reassembly_[datagram];
  if (r.fragments.empty()) {
    r.fragments.assign(p.frag_count, kMissing);
    fabric_.events.schedule(fabric_.now() + kReassemblyTimeout, host, kReassemblyTimer | datagram);
  }
  if (p.frag_index >= r.fragments.size() || r.fragments[p.frag_index] != kMissing) {
    fabric_.packets.release(id);  // a duplicate fragment overlaps one we have: discarded, as by Linux
    return std::nullopt;
  }
  r.fragments[p.frag_index] = id;
  if (++r.received < r.fragments.size()) return std::nullopt;
  const PacketId whole = r.fragments[0];
  bool corrupted = false;
  for (std::size_t k = 0; k < r.fragments.size(); ++k) {
    corrupted |= fabric_.packets[r.fragments[k]].corrupted;
    if (k > 0) fabric_.packets.release(r.fragments[k]);
  }
  host.reassembly_.erase(datagram);
  Packet& w = fabric_.packets[whole];
  w.corrupted = corrupted;
  w.frag_index = 0;
  w.frag_count = 1;
  w.frag_offset = 0;
  w.frag_length = 0;
  return whole;
}

void Network::expire_reassembly(Host& host, std::uint64_t datagram) {
  auto it = host.reassembly_.find(datagram);
  if (it == host.reassembly_.end()) return;  // completed in time
  bool reported = false;
  for (PacketId f : it->second.fragments) {
    if (f == kMissing) continue;
    if (!reported) {
      // One drop for the datagram, told with a fragment that did arrive.
      drop(f, host.name(), DropReason::fragment_lost);
      reported = true;
    } else {
      fabric_.packets.release(f);
    }
  }
  host.reassembly_.erase(it);
}

void Network::expire_all_reassemblies() {
  for (auto& host : hosts_) {
    std::vector<std::uint64_t> pending;
    for (const auto& [datagram, r] : host.reassembly_) pending.push_back(datagram);
    for (auto datagram : pending) expire_reassembly(host, datagram);
  }
}

void Network::deliver_local(Host& host, Interface* at, PacketId id, bool broadcast) {
  const Packet& p = fabric_.packets[id];
  if (p.kind == PacketKind::icmp_port_unreachable) {
    fabric_.note(TraceKind::delivered, id, host.name(), DropReason::none, at ? at->index : -1, false);
    for (auto& s : host.sockets_) {
      if (s->closed || s->local.port != p.icmp_about_src.port) continue;
      // Linux reports ICMP errors to connected sockets, and to unconnected ones that ask
      // (IP_RECVERR: BindOptions::name_unreachable), naming the destination.
      if (s->peer && *s->peer == p.icmp_about_dst && s->on_error) {
        auto keep = s;
        keep->on_error(std::make_error_code(std::errc::connection_refused));
      } else if (!s->peer && s->options.name_unreachable && s->on_error) {
        auto keep = s;
        keep->on_error(transport::SocketError(std::make_error_code(std::errc::connection_refused), p.icmp_about_dst));
      }
      break;
    }
    fabric_.packets.release(id);
    return;
  }
  if (p.corrupted) {
    drop(id, host.name(), DropReason::checksum, at);
    return;
  }
  const net::IpAddress& dst = p.dst.address;
  auto matches = [&](const SocketState& s) {
    if (s.closed || s.local.port != p.dst.port) return false;
    const net::IpAddress& bound = s.local.address;
    const bool family_ok = same_family(bound, dst) || (bound.is_v6() && bound.is_unspecified() && !s.options.v6_only);
    if (!family_ok) return false;
    if (!bound.is_unspecified() && bound != dst) return false;
    return !s.peer || *s.peer == p.src;
  };
  if (!broadcast) {
    auto& last = host.last_delivery_;
    if (last.sockets_version != sockets_version_ || last.dst != p.dst || last.src != p.src) {
      // Unicast goes to one socket: connected beats bound-to-address beats wildcard.
      std::size_t best = host.sockets_.size();
      int best_score = -1;
      for (std::size_t k = 0; k < host.sockets_.size(); ++k) {
        const SocketState& s = *host.sockets_[k];
        if (!matches(s)) continue;
        const int score = (s.peer ? 2 : 0) + (s.local.address.is_unspecified() ? 0 : 1);
        if (score > best_score) {
          best_score = score;
          best = k;
        }
      }
      if (best == host.sockets_.size()) {
        send_icmp_unreachable(host, id);
        drop(id, host.name(), DropReason::no_listener, at);
        return;
      }
      last = {.sockets_version = sockets_version_, .src = p.src, .dst = p.dst, .socket = best};
    }
    const auto keep = host.sockets_[last.socket];  // the handler may close the socket
    deliver_to_socket(*keep, host, at, id);
    return;
  }
  std::vector<std::shared_ptr<SocketState>> targets;
  for (auto& s : host.sockets_)
    if (matches(*s)) targets.push_back(s);
  if (targets.empty()) {
    drop(id, host.name(), DropReason::no_listener, at);
    return;
  }
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const PacketId copy = k + 1 == targets.size() ? id : fabric_.packets.clone(id);
    deliver_to_socket(*targets[k], host, at, copy);
  }
}

void Network::deliver_to_socket(SocketState& s, Host& host, Interface* at, PacketId id) {
  const Packet& p = fabric_.packets[id];
  if (!s.on_datagram) {
    const std::size_t limit = s.options.receive_buffer ? s.options.receive_buffer : kDefaultReceiveBuffer;
    if (s.waiting_bytes + p.payload_size > limit) {
      drop(id, host.name(), DropReason::receive_buffer_full, at);
      return;
    }
    s.waiting.push_back(id);
    s.waiting_bytes += p.payload_size;
    ++stats_.datagrams_delivered;
    fabric_.note(TraceKind::delivered, id, host.name(), DropReason::none, at ? at->index : -1, false);
    return;
  }
  ++stats_.datagrams_delivered;
  fabric_.note(TraceKind::delivered, id, host.name(), DropReason::none, at ? at->index : -1, false);
  const net::Endpoint from = p.src;  // the caller's shared_ptr keeps `s` alive if the handler closes it
  s.on_datagram(transport::Datagram{from, fabric_.packets.bytes(p.payload)});
  fabric_.packets.release(id);
}

void Network::send_icmp_unreachable(Host& host, PacketId about) {
  const Packet a = fabric_.packets[about];
  const PacketId id = fabric_.packets.allocate();
  Packet& p = fabric_.packets[id];
  p.id = new_datagram_id();
  p.ip_id = static_cast<std::uint16_t>(p.id);
  p.kind = PacketKind::icmp_port_unreachable;
  p.origin = &host;
  p.src = net::Endpoint{a.dst.address, 0};
  p.dst = net::Endpoint{a.src.address, 0};
  p.icmp_about_src = a.src;
  p.icmp_about_dst = a.dst;
  p.icmp_about_length = a.payload_size;
  p.icmp_about_ip_id = a.ip_id;
  if (host.owns(p.dst.address)) {
    fabric_.note(TraceKind::sent, id, host.name());
    fabric_.events.schedule(fabric_.now(), host, id);
    return;
  }
  const Route* r = lookup(host, p.dst.address);
  if (!r) {
    drop(id, host.name(), DropReason::no_route);
    return;
  }
  emit(host, id, *r->via, r->gateway ? *r->gateway : p.dst.address, false);
}

}  // namespace udplab::netsim
