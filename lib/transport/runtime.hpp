// The transport seam: everything an engine's host program needs from "the network".
//
// Two implementations exist: live::LiveRuntime (Boost.Asio sockets and timers) and
// netsim::HostRuntime (a host inside the simulator). Engines never see either; they are driven by
// transport::Driver, which only uses this interface. Expected failures are std::error_code values
// using the portable std::errc conditions:
//   message_size          datagram over 65,507 bytes (IPv4) / 65,527 (IPv6)
//   permission_denied     broadcast destination without the broadcast option; privileged port
//   connection_refused    reported on a connected socket after an ICMP port unreachable, and on
//                         a socket bound with name_unreachable where the platform can name the
//                         destination that drew it (SocketError::about)
//   address_in_use        bind to a taken port
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <utility>
#include <vector>

#include "net/address.hpp"
#include "transport/time.hpp"

namespace udplab::transport {

inline constexpr std::size_t kMaxUdpPayloadV4 = 65507;
inline constexpr std::size_t kMaxUdpPayloadV6 = 65527;

struct Datagram {
  net::Endpoint from;
  std::span<const std::byte> payload;
};

struct BindOptions {
  bool broadcast = false;       // SO_BROADCAST
  bool reuse_address = false;   // SO_REUSEADDR (several listeners on one broadcast port)
  bool v6_only = false;         // only meaningful when binding an IPv6 address
  std::size_t receive_buffer = 0;  // bytes; 0 keeps the system default
  std::size_t send_buffer = 0;
  // Hear of an ICMP port unreachable drawn by a datagram sent to any destination, not only to a
  // connected peer, as connection_refused naming that destination (SocketError::about): for a
  // socket that may not connect (a TFTP client, whose server answers from a new port). Only where
  // the platform names the destination (Linux: IP_RECVERR); elsewhere such a socket hears nothing,
  // as any unconnected socket.
  bool name_unreachable = false;
};

// An asynchronous socket error. `about` is the destination of the datagram that drew it, when
// the socket knows it (an ICMP error on a socket bound with name_unreachable). It converts to and
// from std::error_code, so a handler that only wants the error takes a std::error_code.
struct SocketError {
  SocketError(std::error_code c, std::optional<net::Endpoint> a = std::nullopt) : code(c), about(std::move(a)) {}
  operator std::error_code() const { return code; }

  std::error_code code;
  std::optional<net::Endpoint> about;
};

class Socket {
 public:
  using ReceiveHandler = std::function<void(const Datagram&)>;
  // Asynchronous socket errors, e.g. connection_refused on a connected socket.
  using ErrorHandler = std::function<void(const SocketError&)>;

  virtual ~Socket() = default;
  virtual net::Endpoint local_endpoint() const = 0;
  // Restricts the socket to one peer: other sources are filtered out, send() goes there, and
  // ICMP errors from it surface through the error handler.
  virtual std::error_code connect(const net::Endpoint& peer) = 0;
  virtual std::error_code send_to(const net::Endpoint& to, std::span<const std::byte> payload) = 0;
  virtual std::error_code set_broadcast(bool enabled) = 0;
  // Handlers stay installed until close() or destruction. Datagrams that arrive before this call
  // wait in the socket's receive queue.
  virtual void start_receiving(ReceiveHandler on_datagram, ErrorHandler on_error) = 0;
  virtual void close() = 0;
  // Sends now whatever send_to() queued (a live socket batches the sends made while it hands
  // received datagrams to their handler, and sends them after the batch).
  virtual void flush_sends() {}
  // The kernel's receive buffer in bytes as it accounts it (Linux reports twice what was asked,
  // capped by net.core.rmem_max); none where no such buffer can overflow (a simulated socket).
  virtual std::optional<std::size_t> receive_buffer_size() const { return std::nullopt; }
  // The kernel's send buffer in bytes as it accounts it (twice what was asked, capped by
  // net.core.wmem_max); none where sends cannot block (a simulated socket).
  virtual std::optional<std::size_t> send_buffer_size() const { return std::nullopt; }
};

class Timer {
 public:
  using Handler = std::function<void()>;
  virtual ~Timer() = default;
  // Replaces any pending deadline. The handler runs once, at or after `deadline`.
  virtual void arm(Time deadline, Handler handler) = 0;
  virtual void cancel() = 0;
};

class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual Time now() const = 0;
  virtual std::expected<std::unique_ptr<Socket>, std::error_code> bind(const net::Endpoint& local,
                                                                      const BindOptions& options = {}) = 0;
  virtual std::unique_ptr<Timer> make_timer() = 0;
  // Directed broadcast addresses of this host's interfaces (for refusing them as sources).
  virtual std::vector<net::IpAddress> broadcast_addresses() const = 0;
  // Runs `fn` soon, from the runtime's own loop (never re-entrantly from the caller).
  virtual void post(std::function<void()> fn) = 0;
};

}  // namespace udplab::transport
