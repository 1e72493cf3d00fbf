// Network: the simulated topology and the UDP/IP behaviour of its hosts.
//
// Hosts attach to segments (broadcast domains, like one Ethernet) through interfaces; a link
// between two hosts is a segment with two members. Each interface has two pipelines, egress (host
// onto the segment) and ingress (segment into the host), which carry the impairments. Hosts with
// forwarding on are routers: they pass unicast between segments (shortest path, computed by
// compute_routes) and never pass broadcast.
//
// Socket semantics follow Linux: EMSGSIZE over 65,507 bytes, EACCES for broadcast without the
// option, ICMP port unreachable for a port nobody bound, which a connected socket sees as
// connection_refused (an unconnected one only with name_unreachable, naming the destination, as
// IP_RECVERR does); datagrams for a socket that is not receiving yet wait in its queue. A
// datagram larger than the MTU leaves as fragments and is reassembled only if all arrive.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netsim/fabric.hpp"
#include "netsim/pipeline.hpp"
#include "transport/runtime.hpp"

namespace udplab::netsim {

class Host;
class Segment;
class Network;

struct Interface {
  int index = 0;          // creation order; the capture point number in traces
  std::string name;       // "host/segment"
  Host* host = nullptr;
  Segment* segment = nullptr;
  net::Prefix address;
  std::uint32_t mtu = 1500;
  std::unique_ptr<Pipeline> egress;   // host -> segment
  std::unique_ptr<Pipeline> ingress;  // segment -> host

  // Cached at attach time: the per-packet checks must not recompute masks.
  bool directed_broadcast_enabled = false;  // IPv4 with a prefix shorter than /31
  net::IpAddress directed_broadcast;
  // The other end when the segment is a link (exactly two members), else null. Unicast leaves a
  // link without a walk over the members: the walk's "is this me?" test alternated with the
  // direction of traffic and mispredicted on every other datagram.
  Interface* link_peer = nullptr;

  bool has_directed_broadcast() const { return directed_broadcast_enabled; }
};

class Segment {
 public:
  explicit Segment(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }
  const std::vector<Interface*>& members() const { return members_; }
  void add_member(Interface* i) { members_.push_back(i); }

 private:
  std::string name_;
  std::vector<Interface*> members_;
};

// The simulator's side of one socket.
struct SocketState {
  Host* host = nullptr;
  std::uint64_t id = 0;
  net::Endpoint local;
  transport::BindOptions options;
  std::optional<net::Endpoint> peer;  // connected
  transport::Socket::ReceiveHandler on_datagram;
  transport::Socket::ErrorHandler on_error;
  std::deque<PacketId> waiting;  // arrived before start_receiving
  std::size_t waiting_bytes = 0;
  bool closed = false;
  // The way out to the last unicast destination sent to, valid while the network's routes are
  // those of `routes_version`: a flood sends to one place, and choosing the way is half of send().
  struct LastWayOut {
    std::uint64_t routes_version = 0;  // 0: empty
    net::IpAddress to;
    Interface* via = nullptr;
    net::IpAddress next_hop;
    net::IpAddress source;
  } last_way_out;
};

struct Route {
  net::Prefix destination;   // network prefix
  Interface* via = nullptr;  // outgoing interface
  std::optional<net::IpAddress> gateway;  // none: destination is on that segment
};

class Host final : public EventHandler {
 public:
  Host(Network& network, std::string name, bool forwarding)
      : network_(network), name_(std::move(name)), forwarding_(forwarding) {}
  const std::string& name() const { return name_; }
  bool forwarding() const { return forwarding_; }
  const std::vector<Interface*>& interfaces() const { return interfaces_; }
  bool owns(const net::IpAddress& a) const {
    if (a.is_v4()) {
      const std::uint32_t v = a.v4_value();
      if ((v >> 24) == 127) return true;
      for (std::uint32_t own : own_v4_)
        if (own == v) return true;
      return false;
    }
    if (a.is_loopback()) return true;
    for (const auto& own : own_v6_)
      if (own == a) return true;
    return false;
  }
  bool is_broadcast_for(const net::IpAddress& a) const {
    if (!a.is_v4()) return false;
    const std::uint32_t v = a.v4_value();
    if (v == 0xFFFFFFFFu) return true;
    for (std::uint32_t b : directed_broadcasts_)
      if (b == v) return true;
    return false;
  }
  std::vector<net::IpAddress> broadcast_addresses() const;
  const std::vector<Route>& routes() const { return routes_; }

  void on_event(std::uint64_t arg) override;  // loopback delivery and reassembly timeouts

 private:
  friend class Network;
  struct Reassembly {
    std::vector<PacketId> fragments;  // by index; kNoFragment where missing
    std::uint16_t received = 0;
  };
  Network& network_;
  std::string name_;
  bool forwarding_;
  std::vector<Interface*> interfaces_;
  // The socket the last unicast datagram went to, valid while the network's sockets are those of
  // `sockets_version`. Both ends of an echo share deliver_local's code with different sockets
  // (connected or not), so its tests mispredicted whenever the direction changed; a hit is the
  // same few comparisons, all true, for every host.
  struct LastDelivery {
    std::uint64_t sockets_version = 0;  // 0: empty
    net::Endpoint src;
    net::Endpoint dst;
    std::size_t socket = 0;  // index in sockets_
  } last_delivery_;
  // Of interfaces_, cached for the per-packet checks: v4 addresses as values, v6 as addresses.
  std::vector<std::uint32_t> own_v4_;
  std::vector<net::IpAddress> own_v6_;
  std::vector<std::uint32_t> directed_broadcasts_;
  std::vector<Route> routes_;
  // In bind order (ids only grow, so the vector stays sorted by id): delivery walks it for every
  // datagram, and a vector walk is far cheaper than a tree's.
  std::vector<std::shared_ptr<SocketState>> sockets_;
  std::map<std::uint64_t, Reassembly> reassembly_;                 // by datagram id
  std::uint16_t next_ephemeral_ = 32768;
  int group_ = 0;  // partition group; 0 = not partitioned
  // The last route looked up: consecutive datagrams usually go to the same place.
  mutable net::IpAddress route_cache_dst_;
  mutable const Route* route_cache_ = nullptr;
};

struct NetworkStats {
  std::uint64_t datagrams_sent = 0;       // accepted by a socket's send
  std::uint64_t datagrams_delivered = 0;  // handed to a receiving socket
  std::uint64_t frames_dropped = 0;       // everything the trace reports as dropped
};

class Network {
 public:
  Network(EventQueue& events, Trace& trace, std::uint64_t seed);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  Host& add_host(const std::string& name, bool forwarding = false);
  Segment& add_segment(const std::string& name);
  Interface& attach(Host& host, Segment& segment, const net::Prefix& address, std::uint32_t mtu = 1500);
  // Fills every host's routing table; call after the topology is complete (and after changes).
  void compute_routes();

  Host* find_host(const std::string& name);
  Segment* find_segment(const std::string& name);
  Interface* find_interface(const std::string& host, const std::string& segment);
  const std::deque<Host>& hosts() const { return hosts_; }
  const std::deque<Segment>& segments() const { return segments_; }
  const std::deque<Interface>& interfaces() const { return interfaces_; }
  // The random stream for `consumer` (derived from the seed and the name).
  Rng stream(std::string_view consumer) const { return Rng::stream(fabric_.seed, consumer); }

  // Timeline: cut or restore every direction of a segment (a link), or one host's attachment.
  void set_segment_down(Segment& segment, bool down);
  void set_interface_down(Interface& iface, bool down);
  // Hosts in different non-empty groups cannot exchange datagrams; hosts in no group talk to all.
  void partition(const std::vector<std::vector<Host*>>& groups);
  void heal();

  // Ends the story of datagrams still being reassembled: each is reported as dropped
  // (fragment_lost) now, as the timeout would have done. Call when a run ends.
  void expire_all_reassemblies();

  // Socket layer, used by HostRuntime.
  std::expected<std::shared_ptr<SocketState>, std::error_code> bind(Host& host, const net::Endpoint& local,
                                                                    const transport::BindOptions& options);
  void unbind(SocketState& s);
  void connect(SocketState& s, const net::Endpoint& peer);
  std::error_code send(SocketState& s, const net::Endpoint& to, std::span<const std::byte> payload);
  void start_receiving(const std::shared_ptr<SocketState>& s);

  EventQueue& events() { return fabric_.events; }
  Trace& trace() { return fabric_.trace; }
  Fabric& fabric() { return fabric_; }
  const NetworkStats& stats() const { return stats_; }

  // How long an incomplete reassembly waits before its fragments are dropped (Linux ipfrag_time).
  static constexpr Duration kReassemblyTimeout = std::chrono::seconds(30);

 private:
  friend class Host;
  const Route* lookup(const Host& host, const net::IpAddress& dst) const;
  bool partitioned(const Host* a, const Host* b) const { return a && b && a->group_ && b->group_ && a->group_ != b->group_; }
  // Sends packet `id` out of `via` towards `next_hop`, fragmenting it when it exceeds the MTU.
  void emit(Host& host, PacketId id, Interface& via, const net::IpAddress& next_hop, bool forwarded);
  void leave_segment(Interface& from, PacketId id);
  // A packet arriving at `at` from its segment: through the ingress pipeline into the host.
  void enter(Interface& at, PacketId id);
  void receive(Interface* at, Host& host, PacketId id);
  std::optional<PacketId> reassemble(Host& host, PacketId id);
  void expire_reassembly(Host& host, std::uint64_t datagram);
  void deliver_local(Host& host, Interface* at, PacketId id, bool broadcast);
  void deliver_to_socket(SocketState& s, Host& host, Interface* at, PacketId id);
  void send_icmp_unreachable(Host& host, PacketId about);
  // A packet for a datagram `origin` sends to `to`: counted as sent, source left to the caller.
  PacketId new_packet(const Host& origin, const net::Endpoint& to, std::span<const std::byte> payload);
  void drop(PacketId id, std::string_view where, DropReason reason, const Interface* at = nullptr);
  std::uint64_t new_datagram_id() { return ++last_datagram_id_; }

  Fabric fabric_;
  std::deque<Host> hosts_;
  std::deque<Segment> segments_;
  std::deque<Interface> interfaces_;
  std::uint64_t last_datagram_id_ = 0;
  std::uint64_t last_socket_id_ = 0;
  std::uint64_t routes_version_ = 1;   // bumped whenever an address or a route may have changed
  std::uint64_t sockets_version_ = 1;  // bumped whenever a socket is bound, connected or closed
  NetworkStats stats_;
};

}  // namespace udplab::netsim
