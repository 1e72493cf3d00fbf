// SocketState: one live UDP socket and everything its asynchronous handlers share (private to
// lib/live). LiveSocket (live_socket.cpp) owns it through a shared_ptr, which every pending Asio
// handler also holds, so a handler that runs after close() finds the socket closed, not destroyed.
//
// Its members are defined by concern, one file each:
//   live_socket.cpp                     open, bind, connect, options, close; the transport::Socket
//   socket_receive.cpp                  the receive loop: one datagram per receive (the portable
//                                       path), or a wake-up drained in batches, spinning, GRO on/off
//   socket_send_queue.cpp               send_to and the queue of sends the socket could not take yet
//   socket_receive_batch_linux.cpp      recvmmsg batches, coalesced runs (UDP_GRO) cut into datagrams
//   socket_send_batch_linux.cpp         sendmmsg batches, runs to one peer as one GSO send (UDP_SEGMENT)
//
// The Linux fast paths (recvmmsg/sendmmsg batches, GSO sends, GRO receives, spinning) are compiled
// in when CMake says so: on Linux, unless UDPLAB_PORTABLE_SOCKETS asks for the path that macOS, the
// BSDs and Windows run (one receive_from/send_to per datagram). CMake then also leaves the two
// *_linux.cpp files out; the stand-ins below take their place.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <utility>  // before Asio: Boost 1.74's Asio uses std::exchange without including it
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "live/live_runtime.hpp"
#include "transport/runtime.hpp"

#if defined(UDPLAB_LINUX_FAST_PATHS)
#if !defined(__linux__)
#error "UDPLAB_LINUX_FAST_PATHS is for Linux only"
#endif
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#define UDPLAB_HAVE_MMSG 1
#if defined(UDP_SEGMENT)
#define UDPLAB_HAVE_GSO 1
#else
#define UDPLAB_HAVE_GSO 0
#endif
#if defined(UDP_GRO)
#define UDPLAB_HAVE_GRO 1
#else
#define UDPLAB_HAVE_GRO 0
#endif
#else
#define UDPLAB_HAVE_MMSG 0
#define UDPLAB_HAVE_GSO 0
#define UDPLAB_HAVE_GRO 0
#endif

namespace udplab::live::detail {

inline constexpr std::size_t kMaxDatagram = 65536;
inline constexpr std::size_t kMaxPerWakeup = 512;     // then let timers and other sockets run
inline constexpr std::size_t kMaxQueuedSends = 8192;  // beyond this, sends fail with ENOBUFS
inline constexpr unsigned kGroQuietWakeups = 64;      // wake-ups with at most one datagram before GRO goes off
inline constexpr std::chrono::microseconds kMaxSpin{500};  // longest spin() before the reactor's turn

inline std::error_code errno_code(int e) { return {e, std::generic_category()}; }

class SocketState : public std::enable_shared_from_this<SocketState> {
 public:
  SocketState(boost::asio::io_context& io, const LiveOptions& live) : sock_(io), live_(live) {}

  // live_socket.cpp
  std::error_code open(const net::Endpoint& local, const transport::BindOptions& o);
  net::Endpoint local_endpoint() const;
  std::error_code connect(const net::Endpoint& peer);
  std::optional<std::size_t> receive_buffer_size() const;
  std::optional<std::size_t> send_buffer_size() const;
  std::error_code set_broadcast(bool on);
  void start(transport::Socket::ReceiveHandler rx, transport::Socket::ErrorHandler err);
  void close();
  ReceiveStats receive_stats() const { return {coalesced_runs_, gro_, spun_}; }

  // socket_send_queue.cpp
  std::error_code send_to(const net::Endpoint& to, std::span<const std::byte> payload);
  // What send_to() queued while datagrams were being delivered goes out now, not after the batch.
  void flush_sends() { flush(); }

 private:
  // live_socket.cpp
  template <class Option>
  std::optional<std::size_t> buffer_size() const;
  // A v6 socket reaches v4 peers through v4-mapped addresses.
  net::Endpoint sendable(const net::Endpoint& to) const;

  // socket_send_queue.cpp
  std::error_code enqueue(const net::Endpoint& to, std::span<const std::byte> payload);
  void wait_write();
  bool flush_single();
  void flush();
  // Done with the front datagram: its buffer goes back for the next one queued.
  void pop_sent() {
    spare_.push_back(std::move(queued_.front().data));
    queued_.pop_front();
  }

  // socket_receive.cpp
  // An error for the user. On a socket that names its refusals, each refused destination the
  // platform names goes out as connection_refused about it (none named: the error as it is).
  void report(std::error_code ec);
  // A send refused by a port unreachable that an earlier datagram drew: the refusal is reported
  // from the loop, not from inside the caller's send.
  void report_later(std::error_code ec);
  void report_receive_error(const boost::system::error_code& ec);
  void wait_read();
  void deliver(const net::Endpoint& from, const std::byte* data, std::size_t n) {
    if (closed_ || !on_datagram_) return;
    on_datagram_(transport::Datagram{from, std::span<const std::byte>(data, n)});
  }
  void on_receive(const boost::system::error_code& ec, std::size_t n);
  void spin();
  void on_readable(const boost::system::error_code& ec);
  bool batch_worth_trying();

  struct Drained {
    std::size_t datagrams = 0;
    // Several datagrams were queued at once (or came coalesced): a burst. A lock-step peer's next
    // datagram may be waiting too, when it answered while we were busy, but never two of them.
    bool burst = false;
  };
  Drained drain_batches();

  struct Received {
    std::size_t messages = 0;   // what the kernel handed over (a coalesced run counts once)
    std::size_t datagrams = 0;  // what was delivered
  };

#if UDPLAB_HAVE_MMSG
  // socket_receive_batch_linux.cpp
  void set_gro(bool on);
  void ensure_batch_buffers();
  Received receive_batch();
  // socket_send_batch_linux.cpp
  // Sends queued datagrams: runs to one destination as GSO sends where the kernel offers them
  // (a TFTP window), the rest with sendmmsg. Returns false when the socket buffer is full.
  bool flush_batch();
#if UDPLAB_HAVE_GSO
  bool pairable(std::size_t i) const;
  std::size_t gso_run() const;
  int send_gso(std::size_t n);
#endif
#else
  // The portable path never batches (batch_ stays false), so these are never reached.
  void set_gro(bool) {}
  Received receive_batch() { return {}; }
  bool flush_batch() { return flush_single(); }
#endif

  struct Queued {
    net::Endpoint to;
    std::vector<std::byte> data;
  };

  boost::asio::ip::udp::socket sock_;
  LiveOptions live_;
  bool v6_ = false;
  bool connected_ = false;
  bool name_unreachable_ = false;  // BindOptions::name_unreachable, where the platform can
  bool batch_ = false;
  bool gro_available_ = false;
  bool gro_ = false;  // UDP_GRO is on: receives are peeked first, then read by receive_batch()
  unsigned gro_quiet_wakeups_ = 0;
  std::uint64_t coalesced_runs_ = 0;
  bool receiving_ = false;
  bool closed_ = false;
  bool in_drain_ = false;
  bool waiting_write_ = false;
  transport::Socket::ReceiveHandler on_datagram_;
  transport::Socket::ErrorHandler on_error_;
  std::deque<Queued> queued_;
  // Buffers of datagrams sent from the queue, reused by the next ones queued (never more than were
  // queued at once): a window of large blocks then allocates nothing. Allocated per datagram, the
  // buffers of a window would be freed together after it, glibc would hand the top of the heap back
  // to the kernel, and the next window would page-fault it in again.
  std::vector<std::vector<std::byte>> spare_;
  std::vector<std::byte> single_;
  std::array<std::byte, 1> peek_{};
  boost::asio::ip::udp::endpoint sender_;
  unsigned batch_misses_ = 0;
  unsigned batch_skips_left_ = 0;
  unsigned spin_misses_ = 0;
  unsigned spin_skips_left_ = 0;
  std::uint64_t spun_ = 0;
#if UDPLAB_HAVE_MMSG
  std::vector<std::unique_ptr<std::byte[]>> buffers_;
  std::vector<iovec> iov_;
  std::vector<sockaddr_storage> names_;
  std::vector<mmsghdr> msgs_;
  struct Control {
    alignas(cmsghdr) char bytes[CMSG_SPACE(sizeof(int))];
  };
  std::vector<Control> controls_;  // GRO mode: one control buffer per message, for the segment size
  std::vector<mmsghdr> out_msgs_;
  std::vector<iovec> out_iov_;
  std::vector<sockaddr_storage> out_names_;
#endif
#if UDPLAB_HAVE_GSO
  bool gso_ = true;  // until the kernel refuses it once
  std::vector<iovec> gso_iov_;
#endif
};

}  // namespace udplab::live::detail
