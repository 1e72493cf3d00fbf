#include "netsim/network.hpp"

#include <algorithm>
#include <cerrno>

namespace udplab::netsim {
namespace {

constexpr std::size_t kDefaultReceiveBuffer = 212992;  // Linux net.core.rmem_default
constexpr std::uint16_t kEphemeralFirst = 32768;     // Linux ip_local_port_range
constexpr std::uint16_t kEphemeralLast = 60999;

std::error_code err(std::errc e) { return std::make_error_code(e); }

bool same_family(const net::IpAddress& a, const net::IpAddress& b) { return a.family() == b.family(); }

}  // namespace

bool Host::owns(const net::IpAddress& a) const {
  if (a.is_loopback()) return true;
  for (auto* i : interfaces_)
    if (i->address.address == a) return true;
  return false;
}

std::vector<net::IpAddress> Host::broadcast_addresses() const {
  std::vector<net::IpAddress> out;
  for (auto* i : interfaces_)
    if (i->address.address.is_v4() && i->address.length < 31) out.push_back(i->address.broadcast());
  return out;
}

Network::Network(EventQueue& events, Trace& trace, std::uint64_t seed) : events_(events), trace_(trace), seed_(seed) {}

Host& Network::add_host(const std::string& name, bool forwarding) { return hosts_.emplace_back(name, forwarding); }

Segment& Network::add_segment(const std::string& name) { return segments_.emplace_back(name); }

Interface& Network::attach(Host& host, Segment& segment, const net::Prefix& address, std::uint32_t mtu) {
  Interface& i = interfaces_.emplace_back();
  i.host = &host;
  i.segment = &segment;
  i.address = address;
  i.mtu = mtu;
  i.egress = std::make_unique<Pipeline>(host.name() + "->" + segment.name(), events_, trace_, copy_counter_);
  i.ingress = std::make_unique<Pipeline>(segment.name() + "->" + host.name(), events_, trace_, copy_counter_);
  host.interfaces_.push_back(&i);
  segment.add_member(&i);
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

void Network::compute_routes() {
  // Breadth-first over segments from each host; routers (forwarding hosts) join segments. Order of
  // exploration follows creation order, so equal-length paths resolve the same way every run.
  for (auto& host : hosts_) {
    host.routes_.clear();
    struct Reach {
      Interface* via;
      std::optional<net::IpAddress> gateway;
    };
    std::map<const Segment*, Reach> reached;
    std::deque<const Segment*> frontier;
    for (auto* i : host.interfaces_) {
      if (reached.count(i->segment)) continue;
      reached[i->segment] = Reach{i, std::nullopt};
      frontier.push_back(i->segment);
    }
    while (!frontier.empty()) {
      const Segment* seg = frontier.front();
      frontier.pop_front();
      const Reach here = reached[seg];
      for (auto* member : seg->members()) {
        Host* router = member->host;
        if (router == &host || !router->forwarding()) continue;
        for (auto* out : router->interfaces_) {
          if (reached.count(out->segment)) continue;
          // First hop: the router's address on the segment next to us.
          auto gw = here.gateway ? here.gateway : std::optional<net::IpAddress>(member->address.address);
          reached[out->segment] = Reach{here.via, gw};
          frontier.push_back(out->segment);
        }
      }
    }
    for (auto& seg : segments_) {
      auto it = reached.find(&seg);
      if (it == reached.end()) continue;
      for (auto* member : seg.members()) {
        net::Prefix network{member->address.network(), member->address.length};
        bool known = std::any_of(host.routes_.begin(), host.routes_.end(),
                                 [&](const Route& r) { return r.destination == network; });
        if (!known) host.routes_.push_back(Route{network, it->second.via, it->second.gateway});
      }
    }
    // Longest prefix first, stable so that ties keep creation order.
    std::stable_sort(host.routes_.begin(), host.routes_.end(),
                     [](const Route& a, const Route& b) { return a.destination.length > b.destination.length; });
  }
}

const Route* Network::lookup(const Host& host, const net::IpAddress& dst) const {
  for (const auto& r : host.routes_)
    if (r.destination.contains(dst)) return &r;
  return nullptr;
}

bool Network::is_broadcast_for(const Host& host, const net::IpAddress& dst) const {
  if (dst.is_limited_broadcast()) return true;
  for (auto* i : host.interfaces_)
    if (dst.is_v4() && i->address.address.is_v4() && i->address.length < 31 && i->address.broadcast() == dst)
      return true;
  return false;
}

std::expected<std::shared_ptr<SocketState>, std::error_code> Network::bind(Host& host, const net::Endpoint& local,
                                                                           const transport::BindOptions& o) {
  const net::IpAddress addr = local.address;
  if (!addr.is_unspecified() && !host.owns(addr) && !is_broadcast_for(host, addr))
    return std::unexpected(err(std::errc::address_not_available));
  auto clashes = [&](std::uint16_t port) {
    for (auto& [id, s] : host.sockets_) {
      if (s->closed || s->local.port != port) continue;
      const net::IpAddress& other = s->local.address;
      bool overlap = same_family(other, addr) ? (other == addr || other.is_unspecified() || addr.is_unspecified())
                                              : (other.is_unspecified() && addr.is_unspecified() &&
                                                 !(other.is_v6() ? s->options.v6_only : o.v6_only));
      if (overlap && !(o.reuse_address && s->options.reuse_address)) return true;
    }
    return false;
  };
  std::uint16_t port = local.port;
  if (port == 0) {
    for (unsigned tries = 0; tries <= kEphemeralLast - kEphemeralFirst; ++tries) {
      std::uint16_t candidate = host.next_ephemeral_;
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
  host.sockets_[s->id] = s;
  return s;
}

void Network::unbind(SocketState& s) {
  if (s.closed) return;
  s.closed = true;
  s.on_datagram = nullptr;
  s.on_error = nullptr;
  s.waiting.clear();
  s.host->sockets_.erase(s.id);
}

void Network::start_receiving(const std::shared_ptr<SocketState>& s) {
  if (s->waiting.empty()) return;
  // Hand over what queued up, from the event loop rather than from inside the caller.
  events_.schedule(events_.now(), [weak = std::weak_ptr<SocketState>(s)] {
    auto sp = weak.lock();
    if (!sp) return;
    while (!sp->closed && sp->on_datagram && !sp->waiting.empty()) {
      auto q = std::move(sp->waiting.front());
      sp->waiting.pop_front();
      sp->waiting_bytes -= q.payload->size();
      sp->on_datagram(transport::Datagram{q.from, *q.payload});
    }
  });
}

std::error_code Network::send(SocketState& s, const net::Endpoint& to, std::span<const std::byte> payload) {
  if (s.closed) return err(std::errc::bad_file_descriptor);
  const bool v6 = to.address.is_v6();
  if (payload.size() > (v6 ? transport::kMaxUdpPayloadV6 : transport::kMaxUdpPayloadV4))
    return err(std::errc::message_size);
  if (to.port == 0) return err(std::errc::invalid_argument);
  if (!same_family(to.address, s.local.address) && !(s.local.address.is_v6() && s.local.address.is_unspecified() && !s.options.v6_only))
    return err(std::errc::address_family_not_supported);
  Host& host = *s.host;
  const bool broadcast = is_broadcast_for(host, to.address);
  if (broadcast && !s.options.broadcast) return err(std::errc::permission_denied);

  Packet p;
  p.id = new_packet_id();
  p.dst = to;
  p.payload = std::make_shared<const Bytes>(payload.begin(), payload.end());

  if (!broadcast && host.owns(to.address)) {
    p.src = net::Endpoint{s.local.address.is_unspecified() ? to.address : s.local.address, s.local.port};
    record(TraceKind::sent, host.name(), p);
    trace_.remember_payload(p.id, 0, p.payload);
    events_.schedule(events_.now(), [this, &host, p = std::move(p)]() mutable { deliver_local(host, std::move(p)); });
    return {};
  }

  Interface* via = nullptr;
  net::IpAddress next_hop = to.address;
  if (to.address.is_limited_broadcast()) {
    for (auto* i : host.interfaces_)
      if (i->address.address == s.local.address) via = i;
    if (!via && !host.interfaces_.empty()) via = host.interfaces_.front();
  } else if (broadcast) {
    for (auto* i : host.interfaces_)
      if (i->address.address.is_v4() && i->address.broadcast() == to.address) via = i;
  } else if (const Route* r = lookup(host, to.address)) {
    via = r->via;
    if (r->gateway) next_hop = *r->gateway;
  }
  if (!via) return err(std::errc::network_unreachable);
  p.src = net::Endpoint{s.local.address.is_unspecified() ? via->address.address : s.local.address, s.local.port};
  record(TraceKind::sent, host.name(), p);
  trace_.remember_payload(p.id, 0, p.payload);
  emit(host, std::move(p), via, next_hop);
  return {};
}

void Network::emit(Host&, Packet p, Interface* via, const net::IpAddress& next_hop) {
  Segment* segment = via->segment;
  const bool broadcast = next_hop.is_limited_broadcast() ||
                         (next_hop.is_v4() && via->address.length < 31 && via->address.broadcast() == next_hop);
  via->egress->send(std::move(p), [this, segment, via, next_hop, broadcast](Packet out) {
    if (broadcast) {
      for (auto* member : segment->members()) {
        if (member == via) continue;
        member->ingress->send(out, [this, member](Packet in) { receive(member, *member->host, std::move(in)); });
      }
      return;
    }
    for (auto* member : segment->members()) {
      if (member != via && member->address.address == next_hop) {
        member->ingress->send(std::move(out), [this, member](Packet in) { receive(member, *member->host, std::move(in)); });
        return;
      }
    }
    record(TraceKind::dropped, segment->name(), out, DropReason::host_unreachable);
  });
}

void Network::receive(Interface* at, Host& host, Packet p) {
  const net::IpAddress& dst = p.dst.address;
  const bool broadcast = dst.is_limited_broadcast() ||
                         (at && dst.is_v4() && at->address.length < 31 && at->address.broadcast() == dst);
  if (broadcast || host.owns(dst)) {
    deliver_local(host, std::move(p));
    return;
  }
  if (!host.forwarding()) {
    record(TraceKind::dropped, host.name(), p, DropReason::host_unreachable);
    return;
  }
  if (is_broadcast_for(host, dst)) {  // a directed broadcast for another of our segments: not forwarded
    record(TraceKind::dropped, host.name(), p, DropReason::no_route);
    return;
  }
  if (p.ttl <= 1) {
    record(TraceKind::dropped, host.name(), p, DropReason::ttl_expired);
    return;
  }
  const Route* r = lookup(host, dst);
  if (!r) {
    record(TraceKind::dropped, host.name(), p, DropReason::no_route);
    return;
  }
  --p.ttl;
  record(TraceKind::forwarded, host.name(), p);
  emit(host, std::move(p), r->via, r->gateway ? *r->gateway : dst);
}

void Network::deliver_local(Host& host, Packet p) {
  if (p.kind == PacketKind::icmp_port_unreachable) {
    record(TraceKind::delivered, host.name(), p);
    for (auto& [id, s] : host.sockets_) {
      if (s->closed || s->local.port != p.icmp_about_src.port) continue;
      // Linux reports ICMP errors only to connected sockets.
      if (s->peer && *s->peer == p.icmp_about_dst && s->on_error) {
        auto keep = s;
        keep->on_error(err(std::errc::connection_refused));
      }
      break;
    }
    return;
  }
  if (p.corrupted) {
    record(TraceKind::dropped, host.name(), p, DropReason::checksum);
    return;
  }
  const net::IpAddress& dst = p.dst.address;
  const bool broadcast = is_broadcast_for(host, dst);
  std::vector<std::shared_ptr<SocketState>> targets;
  int best_score = -1;
  for (auto& [id, s] : host.sockets_) {
    if (s->closed || s->local.port != p.dst.port) continue;
    const net::IpAddress& bound = s->local.address;
    const bool family_ok = same_family(bound, dst) || (bound.is_v6() && bound.is_unspecified() && !s->options.v6_only);
    if (!family_ok) continue;
    if (!bound.is_unspecified() && bound != dst) continue;
    if (s->peer && *s->peer != p.src) continue;
    if (broadcast) {
      targets.push_back(s);
      continue;
    }
    // Unicast goes to one socket: connected beats bound-to-address beats wildcard.
    int score = (s->peer ? 2 : 0) + (bound.is_unspecified() ? 0 : 1);
    if (score > best_score) {
      best_score = score;
      targets.assign(1, s);
    }
  }
  if (targets.empty()) {
    record(TraceKind::dropped, host.name(), p, DropReason::no_listener);
    if (!broadcast) send_icmp_unreachable(host, p);
    return;
  }
  for (auto& s : targets) {
    const std::size_t limit = s->options.receive_buffer ? s->options.receive_buffer : kDefaultReceiveBuffer;
    if (!s->on_datagram) {
      if (s->waiting_bytes + p.payload_size() > limit) {
        record(TraceKind::dropped, host.name(), p, DropReason::receive_buffer_full);
        continue;
      }
      s->waiting.push_back(SocketState::Queued{p.src, p.payload});
      s->waiting_bytes += p.payload_size();
      record(TraceKind::delivered, host.name(), p);
      continue;
    }
    record(TraceKind::delivered, host.name(), p);
    auto keep = s;  // the handler may close the socket
    keep->on_datagram(transport::Datagram{p.src, *p.payload});
  }
}

void Network::send_icmp_unreachable(Host& host, const Packet& about) {
  Packet icmp;
  icmp.id = new_packet_id();
  icmp.kind = PacketKind::icmp_port_unreachable;
  icmp.src = net::Endpoint{about.dst.address, 0};
  icmp.dst = net::Endpoint{about.src.address, 0};
  icmp.icmp_about_src = about.src;
  icmp.icmp_about_dst = about.dst;
  record(TraceKind::sent, host.name(), icmp);
  if (host.owns(icmp.dst.address)) {
    events_.schedule(events_.now(), [this, &host, icmp]() mutable { deliver_local(host, std::move(icmp)); });
    return;
  }
  const Route* r = lookup(host, icmp.dst.address);
  if (!r) {
    record(TraceKind::dropped, host.name(), icmp, DropReason::no_route);
    return;
  }
  emit(host, std::move(icmp), r->via, r->gateway ? *r->gateway : icmp.dst.address);
}

void Network::record(TraceKind kind, const std::string& where, const Packet& p, DropReason reason) {
  trace_.record(describe(p, events_.now(), kind, where, reason));
}

}  // namespace udplab::netsim
