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
// connection_refused; datagrams for a socket that is not receiving yet wait in its queue.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netsim/event_queue.hpp"
#include "netsim/pipeline.hpp"
#include "netsim/trace.hpp"
#include "transport/runtime.hpp"

namespace udplab::netsim {

class Host;
class Segment;

struct Interface {
  Host* host = nullptr;
  Segment* segment = nullptr;
  net::Prefix address;
  std::uint32_t mtu = 1500;
  std::unique_ptr<Pipeline> egress;   // host -> segment
  std::unique_ptr<Pipeline> ingress;  // segment -> host
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
  struct Queued {
    net::Endpoint from;
    std::shared_ptr<const Bytes> payload;
  };
  std::deque<Queued> waiting;  // arrived before start_receiving
  std::size_t waiting_bytes = 0;
  bool closed = false;
};

struct Route {
  net::Prefix destination;   // network prefix
  Interface* via = nullptr;  // outgoing interface
  std::optional<net::IpAddress> gateway;  // none: destination is on that segment
};

class Host {
 public:
  Host(std::string name, bool forwarding) : name_(std::move(name)), forwarding_(forwarding) {}
  const std::string& name() const { return name_; }
  bool forwarding() const { return forwarding_; }
  const std::vector<Interface*>& interfaces() const { return interfaces_; }
  bool owns(const net::IpAddress& a) const;
  std::vector<net::IpAddress> broadcast_addresses() const;

 private:
  friend class Network;
  std::string name_;
  bool forwarding_;
  std::vector<Interface*> interfaces_;
  std::vector<Route> routes_;
  std::map<std::uint64_t, std::shared_ptr<SocketState>> sockets_;  // by id: bind order
  std::uint16_t next_ephemeral_ = 32768;
};

class Network {
 public:
  Network(EventQueue& events, Trace& trace, std::uint64_t seed);

  Host& add_host(const std::string& name, bool forwarding = false);
  Segment& add_segment(const std::string& name);
  Interface& attach(Host& host, Segment& segment, const net::Prefix& address, std::uint32_t mtu = 1500);
  // Fills every host's routing table; call after the topology is complete.
  void compute_routes();

  Host* find_host(const std::string& name);
  Segment* find_segment(const std::string& name);
  Interface* find_interface(const std::string& host, const std::string& segment);
  const std::deque<Host>& hosts() const { return hosts_; }
  const std::deque<Segment>& segments() const { return segments_; }
  // The random stream for `consumer` (derived from the seed and the name).
  Rng stream(std::string_view consumer) const { return Rng::stream(seed_, consumer); }

  // Socket layer, used by HostRuntime.
  std::expected<std::shared_ptr<SocketState>, std::error_code> bind(Host& host, const net::Endpoint& local,
                                                                    const transport::BindOptions& options);
  void unbind(SocketState& s);
  std::error_code send(SocketState& s, const net::Endpoint& to, std::span<const std::byte> payload);
  void start_receiving(const std::shared_ptr<SocketState>& s);

  EventQueue& events() { return events_; }
  Trace& trace() { return trace_; }

 private:
  bool is_broadcast_for(const Host& host, const net::IpAddress& dst) const;
  const Route* lookup(const Host& host, const net::IpAddress& dst) const;
  void emit(Host& from, Packet p, Interface* via, const net::IpAddress& next_hop);
  void arrive(Interface& at, Packet p);
  void receive(Interface* at, Host& host, Packet p);
  void deliver_local(Host& host, Packet p);
  void send_icmp_unreachable(Host& host, const Packet& about);
  void record(TraceKind kind, const std::string& where, const Packet& p, DropReason reason = DropReason::none);
  std::uint64_t new_packet_id() { return ++last_packet_id_; }

  EventQueue& events_;
  Trace& trace_;
  std::uint64_t seed_;
  std::deque<Host> hosts_;
  std::deque<Segment> segments_;
  std::deque<Interface> interfaces_;
  std::uint64_t last_packet_id_ = 0;
  std::uint64_t last_socket_id_ = 0;
  std::uint32_t copy_counter_ = 0;
};

}  // namespace udplab::netsim
