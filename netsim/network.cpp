// Topology, sockets and the send path. Routing: network_routing.cpp; receiving: network_delivery.cpp.
#include "netsim/network.hpp"

#include <algorithm>

namespace udplab::netsim {
namespace {

constexpr std::uint16_t kEphemeralFirst = 32768;  // Linux ip_local_port_range
constexpr std::uint16_t kEphemeralLast = 60999;

std::error_code err(std::errc e) { return std::make_error_code(e); }
bool same_family(const net::IpAddress& a, const net::IpAddress& b) { return a.family() == b.family(); }

}  // namespace

std::vector<net::IpAddress> Host::broadcast_addresses() const {
  std::vector<net::IpAddress> out;
  for (auto* i : interfaces_)
    if (i->has_directed_broadcast()) out.push_back(i->directed_broadcast);
  return out;
}

Network::Network(EventQueue& events, Trace& trace, std::uint64_t seed) : fabric_{events, trace, {}, 0, seed} {}

Host& Network::add_host(const std::string& name, bool forwarding) { return hosts_.emplace_back(*this, name, forwarding); }

Segment& Network::add_segment(const std::string& name) { return segments_.emplace_back(name); }

Interface& Network::attach(Host& host, Segment& segment, const net::Prefix& address, std::uint32_t mtu) {
  Interface& i = interfaces_.emplace_back();
  i.index = static_cast<int>(interfaces_.size() - 1);
  i.name = host.name() + "/" + segment.name();
  i.host = &host;
  i.segment = &segment;
  i.address = address;
  i.mtu = mtu;
  i.directed_broadcast_enabled = address.address.is_v4() && address.length < 31;
  if (i.directed_broadcast_enabled) i.directed_broadcast = address.broadcast();
  Interface* self = &i;
  i.egress = std::make_unique<Pipeline>(host.name() + "->" + segment.name(), fabric_,
                                        [this, self](PacketId id) { leave_segment(*self, id); }, true, i.index, true);
  i.ingress = std::make_unique<Pipeline>(segment.name() + "->" + host.name(), fabric_,
                                         [this, self](PacketId id) { receive(self, *self->host, id); }, false, i.index,
                                         false);
  host.interfaces_.push_back(&i);
  if (address.address.is_v4()) {
    host.own_v4_.push_back(address.address.v4_value());
  } else {
    host.own_v6_.push_back(address.address);
  }
  if (i.directed_broadcast_enabled) host.directed_broadcasts_.push_back(i.directed_broadcast.v4_value());
  segment.add_member(&i);
  const auto& members = segment.members();
  for (auto* m : members) m->link_peer = members.size() == 2 ? members[m == members[0] ? 1 : 0] : nullptr;
  ++routes_version_;
  return i;
}

Host* Network::find_host(const std::string& name) {
  for (auto& h : hosts_)
    if (h.name() == name) return &h;
  return nullptr;
}

Segment* Network::find_segment(const std::string& name) {
  for (auto& s : segments_)
    if (s.name() == name) return &s;
  return nullptr;
}

Interface* Network::find_interface(const std::string& host, const std::string& segment) {
  for (auto& i : interfaces_)
    if (i.host->name() == host && i.segment->name() == segment) return &i;
  return nullptr;
}

void Network::set_segment_down(Segment& segment, bool down) {
  for (auto* m : segment.members()) set_interface_down(*m, down);
}

void Network::set_interface_down(Interface& iface, bool down) {
  const DropReason r = down ? DropReason::link_down : DropReason::none;
  iface.egress->set_blocked(r);
  iface.ingress->set_blocked(r);
}

void Network::partition(const std::vector<std::vector<Host*>>& groups) {
  heal();
  int g = 0;
  for (const auto& group : groups) {
    ++g;
    for (auto* h : group) h->group_ = g;
  }
}

void Network::heal() {
  for (auto& h : hosts_) h.group_ = 0;
}

std::expected<std::shared_ptr<SocketState>, std::error_code> Network::bind(Host& host, const net::Endpoint& local,
                                                                           const transport::BindOptions& o) {
  const net::IpAddress addr = local.address;
  if (!addr.is_unspecified() && !host.owns(addr) && !host.is_broadcast_for(addr))
    return std::unexpected(err(std::errc::address_not_available));
  auto clashes = [&](std::uint16_t port) {
    for (auto& s : host.sockets_) {
      if (s->closed || s->local.port != port) continue;
      const net::IpAddress& other = s->local.address;
      const bool overlap = same_family(other, addr)
                               ? (other == addr || other.is_unspecified() || addr.is_unspecified())
                               : (other.is_unspecified() && addr.is_unspecified() &&
                                  !(other.is_v6() ? s->options.v6_only : o.v6_only));
      if (overlap && !(o.reuse_address && s->options.reuse_address)) return true;
    }
    return false;
  };
  std::uint16_t port = local.port;
  if (port == 0) {
    for (unsigned tries = 0; tries <= kEphemeralLast - kEphemeralFirst; ++tries) {
      const std::uint16_t candidate = host.next_ephemeral_;
      host.next_ephemeral_ = candidate == kEphemeralLast ? kEphemeralFirst : static_cast<std::uint16_t>(candidate + 1);
      if (!clashes(candidate)) {
        port = candidate;
        break;
      }
    }
    if (port == 0) return std::unexpected(err(std::errc::address_in_use));
  } else if (clashes(port)) {
    return std::unexpected(err(std::errc::address_in_use));
  }
  auto s = std::make_shared<SocketState>();
  s->host = &host;
  s->id = ++last_socket_id_;
  s->local = net::Endpoint{addr, port};
  s->options = o;
  host.sockets_.push_back(s);
  ++sockets_version_;
  return s;
}

void Network::unbind(SocketState& s) {
  if (s.closed) return;
  s.closed = true;
  s.on_datagram = nullptr;
  s.on_error = nullptr;
  for (auto id : s.waiting) fabric_.packets.release(id);
  s.waiting.clear();
  auto& sockets = s.host->sockets_;
  std::erase_if(sockets, [&](const std::shared_ptr<SocketState>& p) { return p.get() == &s; });
  ++sockets_version_;
}

void Network::connect(SocketState& s, const net::Endpoint& peer) {
  s.peer = peer;
  ++sockets_version_;
}

std::error_code Network::send(SocketState& s, const net::Endpoint& to, std::span<const std::byte> payload) {
  if (s.closed) return err(std::errc::bad_file_descriptor);
  if (payload.size() > (to.address.is_v6() ? transport::kMaxUdpPayloadV6 : transport::kMaxUdpPayloadV4))
    return err(std::errc::message_size);
  if (to.port == 0) return err(std::errc::invalid_argument);
  Host& host = *s.host;
  if (const auto& w = s.last_way_out; w.routes_version == routes_version_ && w.to == to.address) {
    // Same unicast destination as last time, same routes: every check below passed then.
    const PacketId id = new_packet(host, to, payload);
    Packet& p = fabric_.packets[id];
    p.src.address = w.source;
    p.src.port = s.local.port;
    emit(host, id, *w.via, w.next_hop, false);
    return {};
  }
  const bool dual_stack = s.local.address.is_v6() && s.local.address.is_unspecified() && !s.options.v6_only;
  if (!same_family(to.address, s.local.address) && !dual_stack) return err(std::errc::address_family_not_supported);
  const bool broadcast = host.is_broadcast_for(to.address);
  if (broadcast && !s.options.broadcast) return err(std::errc::permission_denied);

  // Choose the way out before creating anything, so a failure leaves no trace.
  Interface* via = nullptr;
  net::IpAddress next_hop = to.address;
  const bool local = !broadcast && host.owns(to.address);
  if (!local) {
    if (to.address.is_limited_broadcast()) {
      for (auto* i : host.interfaces_)
        if (i->address.address == s.local.address) via = i;
      if (!via) {
        for (auto* i : host.interfaces_)
          if (i->address.address.is_v4()) {
            via = i;
            break;
          }
      }
    } else if (broadcast) {
      for (auto* i : host.interfaces_)
        if (i->has_directed_broadcast() && i->directed_broadcast == to.address) via = i;
    } else if (const Route* r = lookup(host, to.address)) {
      via = r->via;
      if (r->gateway) next_hop = *r->gateway;
    }
    if (!via) return err(std::errc::network_unreachable);
  }

  const PacketId id = new_packet(host, to, payload);
  Packet& p = fabric_.packets[id];
  if (local) {
    p.src = net::Endpoint{s.local.address.is_unspecified() ? to.address : s.local.address, s.local.port};
    fabric_.note(TraceKind::sent, id, host.name());
    fabric_.events.schedule(fabric_.now(), host, id);  // loopback: after the sender's call returns
    return {};
  }
  // Field by field, not through an Endpoint temporary, whose copy the next loads of p.src could not
  // be forwarded from.
  p.src.address = s.local.address.is_unspecified() ? via->address.address : s.local.address;
  p.src.port = s.local.port;
  if (!broadcast) s.last_way_out = {routes_version_, to.address, via, next_hop, p.src.address};
  emit(host, id, *via, next_hop, false);
  return {};
}

PacketId Network::new_packet(const Host& origin, const net::Endpoint& to, std::span<const std::byte> payload) {
  const PacketId id = fabric_.packets.allocate();
  Packet& p = fabric_.packets[id];
  p.id = new_datagram_id();
  p.ip_id = static_cast<std::uint16_t>(p.id);
  p.dst = to;
  p.origin = &origin;
  p.payload = fabric_.packets.store(payload);
  p.payload_size = static_cast<std::uint32_t>(payload.size());
  ++stats_.datagrams_sent;
  return id;
}

void Network::start_receiving(const std::shared_ptr<SocketState>& s) {
  if (s->waiting.empty()) return;
  // Hand over what queued up, from the event loop rather than from inside the caller.
  fabric_.events.schedule(fabric_.now(), [this, weak = std::weak_ptr<SocketState>(s)] {
    auto sp = weak.lock();
    if (!sp) return;
    while (!sp->closed && sp->on_datagram && !sp->waiting.empty()) {
      const PacketId id = sp->waiting.front();
      sp->waiting.pop_front();
      const Packet& p = fabric_.packets[id];
      sp->waiting_bytes -= p.payload_size;
      const net::Endpoint from = p.src;
      sp->on_datagram(transport::Datagram{from, fabric_.packets.bytes(p.payload)});
      fabric_.packets.release(id);
    }
  });
}

}  // namespace udplab::netsim
