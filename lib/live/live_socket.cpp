#include "live/live_socket.hpp"

#include <algorithm>
#include <chrono>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <utility>  // before Asio: Boost 1.74's Asio uses std::exchange without including it
#include <vector>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/socket_base.hpp>

#include "live/asio_convert.hpp"
#include "live/socket_platform.hpp"

// The Linux fast paths (recvmmsg/sendmmsg batches, GSO sends, GRO receives, spinning) are compiled
// in when CMake says so: on Linux, unless UDPLAB_PORTABLE_SOCKETS asks for the path that macOS, the
// BSDs and Windows run (one receive_from/send_to per datagram).
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

namespace udplab::live {
namespace asio = boost::asio;
using asio::ip::udp;

bool batch_io_available() { return UDPLAB_HAVE_MMSG != 0; }
bool coalesced_receives_available() { return UDPLAB_HAVE_GRO != 0; }

namespace {

constexpr std::size_t kMaxDatagram = 65536;
constexpr std::size_t kMaxPerWakeup = 512;     // then let timers and other sockets run
constexpr std::size_t kMaxQueuedSends = 8192;  // beyond this, sends fail with ENOBUFS
// Used only where GSO is compiled in (not by the portable path).
[[maybe_unused]] constexpr std::size_t kMaxGsoSegments = 64;  // the kernel's UDP_MAX_SEGMENTS
[[maybe_unused]] constexpr std::size_t kMaxGsoBytes = 65000;  // one IP datagram's worth, with room for headers
constexpr unsigned kGroQuietWakeups = 64;      // wake-ups with at most one datagram before GRO goes off
constexpr std::chrono::microseconds kMaxSpin{500};  // longest spin() before the reactor's turn

std::error_code errno_code(int e) { return {e, std::generic_category()}; }

class SocketState : public std::enable_shared_from_this<SocketState> {
 public:
  SocketState(asio::io_context& io, const LiveOptions& live) : sock_(io), live_(live) {}

  std::error_code open(const net::Endpoint& local, const transport::BindOptions& o) {
    boost::system::error_code ec;
    udp::endpoint ep = to_asio(local);
    v6_ = ep.address().is_v6();
    sock_.open(ep.protocol(), ec);
    if (ec) return ec;
    // Set both ways, before bind: the default differs (Linux: off unless the sysctl says
    // otherwise; Windows: on), and a "::" socket must serve IPv4 exactly when asked to.
    if (v6_) sock_.set_option(asio::ip::v6_only(o.v6_only), ec);
    if (ec) return ec;
    // Address reuse (SO_REUSEADDR; on Windows SO_EXCLUSIVEADDRUSE unless reuse is asked for) and
    // the platform's own UDP rules (Windows: no "connection reset" after an ICMP port unreachable).
    if (auto e = platform::prepare_for_bind(sock_, o)) return e;
    if (o.broadcast) sock_.set_option(asio::socket_base::broadcast(true), ec);
    if (!ec && o.receive_buffer) sock_.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(o.receive_buffer)), ec);
    if (!ec && o.send_buffer) sock_.set_option(asio::socket_base::send_buffer_size(static_cast<int>(o.send_buffer)), ec);
    if (ec) return ec;
    if (auto bound = platform::bind(sock_, ep)) return bound;
    sock_.non_blocking(true, ec);
    batch_ = live_.batch_io && UDPLAB_HAVE_MMSG && live_.batch_size > 1;
    gro_available_ = batch_ && UDPLAB_HAVE_GRO;
    return ec;
  }

  net::Endpoint local_endpoint() const {
    boost::system::error_code ec;
    auto ep = sock_.local_endpoint(ec);
    return ec ? net::Endpoint{} : from_asio(ep);
  }

  std::error_code connect(const net::Endpoint& peer) {
    boost::system::error_code ec;
    sock_.connect(to_asio(sendable(peer)), ec);
    if (ec) return ec;
    connected_ = true;
    platform::after_connect(sock_);
    return {};
  }

  std::optional<std::size_t> receive_buffer_size() const { return buffer_size<asio::socket_base::receive_buffer_size>(); }
  std::optional<std::size_t> send_buffer_size() const { return buffer_size<asio::socket_base::send_buffer_size>(); }
  template <class Option>
  std::optional<std::size_t> buffer_size() const {
    boost::system::error_code ec;
    Option size;
    sock_.get_option(size, ec);
    if (ec || size.value() <= 0) return std::nullopt;
    return static_cast<std::size_t>(size.value());
  }

  std::error_code set_broadcast(bool on) {
    boost::system::error_code ec;
    sock_.set_option(asio::socket_base::broadcast(on), ec);
    return ec;
  }

  void start(transport::Socket::ReceiveHandler rx, transport::Socket::ErrorHandler err) {
    on_datagram_ = std::move(rx);
    on_error_ = std::move(err);
    if (!receiving_) {
      receiving_ = true;
      wait_read();
    }
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    sock_.close(ec);
    on_datagram_ = nullptr;
    on_error_ = nullptr;
    queued_.clear();
    spare_.clear();
  }

  ReceiveStats receive_stats() const { return {coalesced_runs_, gro_, spun_}; }

  // What send_to() queued while datagrams were being delivered goes out now, not after the batch.
  void flush_sends() { flush(); }

  std::error_code send_to(const net::Endpoint& to, std::span<const std::byte> payload) {
    if (closed_) return errno_code(EBADF);
    if (payload.size() > (v6_ ? transport::kMaxUdpPayloadV6 : transport::kMaxUdpPayloadV4))
      return errno_code(EMSGSIZE);
    net::Endpoint dest = sendable(to);
    if (!queued_.empty() || (in_drain_ && batch_)) return enqueue(dest, payload);
    boost::system::error_code ec;
    sock_.send_to(asio::buffer(payload.data(), payload.size()), to_asio(dest), 0, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return enqueue(dest, payload);
    return ec;
  }

 private:
  // A v6 socket reaches v4 peers through v4-mapped addresses.
  net::Endpoint sendable(const net::Endpoint& to) const {
    if (!v6_ || !to.address.is_v4()) return to;
    net::IpAddress::V6Bytes b{};
    b[10] = b[11] = 0xFF;
    for (std::size_t i = 0; i < 4; ++i) b[12 + i] = to.address.raw_bytes()[i];
    return {net::IpAddress::v6(b), to.port};
  }

  std::error_code enqueue(const net::Endpoint& to, std::span<const std::byte> payload) {
    if (queued_.size() >= kMaxQueuedSends) return errno_code(ENOBUFS);
    std::vector<std::byte> data;
    if (!spare_.empty()) {
      data = std::move(spare_.back());
      spare_.pop_back();
    }
    data.assign(payload.begin(), payload.end());  // within the capacity of an earlier datagram
    queued_.push_back(Queued{to, std::move(data)});
    if (!in_drain_) flush();
    return {};
  }

  void report(std::error_code ec) {
    if (on_error_) on_error_(ec);
  }

  // A failed receive: the platform says what it means for this socket (on Windows, an unconnected
  // socket ignores the reset an ICMP port unreachable leaves behind and keeps receiving).
  void report_receive_error(const boost::system::error_code& ec) {
    if (auto e = platform::receive_error(ec, connected_)) report(*e);
  }

  // A receive, not async_wait(wait_read): Asio's epoll reactor (1.74) re-registers the descriptor
  // with epoll_ctl for every async_wait, to re-arm its edge trigger. A receive is tried at once
  // instead (speculatively) and otherwise queued on the registration the socket already has, so
  // the steady state costs no epoll_ctl, and a datagram already waiting skips epoll_wait too.
  void wait_read() {
    if (closed_) return;
    if (gro_) {
      // Peeked, not taken: a coalesced run must be read by receive_batch(), which gets the segment
      // size with it (a plain receive would hand the whole run over as one datagram).
      sock_.async_receive_from(asio::buffer(peek_), sender_, asio::socket_base::message_peek,
                               [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                                 if (ec == asio::error::operation_aborted || self->closed_) return;
                                 self->on_readable(ec);
                               });
      return;
    }
    if (single_.empty()) single_.resize(kMaxDatagram);
    sock_.async_receive_from(asio::buffer(single_), sender_,
                             [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                               if (ec == asio::error::operation_aborted || self->closed_) return;
                               self->on_receive(ec, n);
                             });
  }

  void wait_write() {
    if (closed_ || waiting_write_) return;
    waiting_write_ = true;
    sock_.async_wait(udp::socket::wait_write, [self = shared_from_this()](const boost::system::error_code& ec) {
      self->waiting_write_ = false;
      if (ec || self->closed_) return;
      self->flush();
    });
  }

  void deliver(const net::Endpoint& from, const std::byte* data, std::size_t n) {
    if (closed_ || !on_datagram_) return;
    on_datagram_(transport::Datagram{from, std::span<const std::byte>(data, n)});
  }

  // The first datagram came from the pending receive; more may be queued behind it.
  void on_receive(const boost::system::error_code& ec, std::size_t n) {
    auto keep_alive = shared_from_this();  // a handler may drop the last outside reference
    in_drain_ = true;
    if (ec) report_receive_error(ec);  // e.g. connection_refused after an ICMP port unreachable
    else deliver(from_asio(sender_), single_.data(), n);
    if (batch_ && !closed_ && batch_worth_trying() && drain_batches().burst && gro_available_ && !closed_) set_gro(true);
    in_drain_ = false;
    if (!closed_) {
      flush();
      spin();
      wait_read();
    }
  }

  // Asks for the next datagram for up to live_.spin after the last one (see LiveOptions::spin),
  // handling what comes, within kMaxSpin in all so that other sockets and timers get their turn.
  // A spin that catches nothing makes the next ones rarer (1 in 2, 4 ... 64), as for batches.
  void spin() {
    if (!batch_ || live_.spin <= std::chrono::microseconds::zero() || closed_) return;
    if (spin_skips_left_ > 0) {
      --spin_skips_left_;
      return;
    }
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    Clock::time_point last = start;
    std::size_t caught = 0;
    for (Clock::time_point now = start; !closed_ && now - last < live_.spin && now - start < kMaxSpin;
         now = Clock::now()) {
      in_drain_ = true;
      const Received r = receive_batch();
      in_drain_ = false;
      flush();
      if (r.datagrams == 0) continue;
      caught += r.datagrams;
      if (caught >= kMaxPerWakeup) break;
      last = Clock::now();
    }
    spun_ += caught;
    if (caught > 0) {
      spin_misses_ = 0;
    } else {
      spin_misses_ = std::min<unsigned>(spin_misses_ + 1, 6);
      spin_skips_left_ = (1u << spin_misses_) - 1;
    }
  }

  // GRO mode: what the peek found is still queued, so a batch is read whatever the misses say.
  void on_readable(const boost::system::error_code& ec) {
    auto keep_alive = shared_from_this();
    in_drain_ = true;
    Drained got;
    if (ec) report_receive_error(ec);
    else got = drain_batches();
    if (got.burst) {
      gro_quiet_wakeups_ = 0;
    } else if (++gro_quiet_wakeups_ >= kGroQuietWakeups && !closed_) {
      set_gro(false);
      // Runs coalesced before the switch may still be queued: read them here, where their segment
      // size comes along; a plain receive would take each for one datagram.
      drain_batches();
    }
    in_drain_ = false;
    if (!closed_) {
      flush();
      wait_read();
    }
  }

  // A lock-step peer (TFTP with windowsize 1) never has a second datagram queued: asking anyway
  // costs a recvmmsg that says EAGAIN for every datagram. After misses, ask less often (up to one
  // time in 64); the next receive still reads a datagram that arrived in between.
  bool batch_worth_trying() {
    if (batch_skips_left_ == 0) return true;
    --batch_skips_left_;
    return false;
  }

  struct Drained {
    std::size_t datagrams = 0;
    // Several datagrams were queued at once (or came coalesced): a burst. A lock-step peer's next
    // datagram may be waiting too, when it answered while we were busy, but never two of them.
    bool burst = false;
  };

  // Reads until the queue runs dry or kMaxPerWakeup.
  Drained drain_batches() {
    std::size_t handled = 0;
    bool burst = false;
    while (!closed_ && handled < kMaxPerWakeup) {
      const Received r = receive_batch();
      handled += r.datagrams;
      burst = burst || r.messages > 1 || r.datagrams > r.messages;
      // A partial batch means the queue was empty a moment ago: asking again would mostly cost a
      // system call that says EAGAIN, so go back to the reactor instead.
      if (r.messages < live_.batch_size) break;
    }
    if (handled != 0) {
      batch_misses_ = 0;
    } else {
      batch_misses_ = std::min<unsigned>(batch_misses_ + 1, 6);
      batch_skips_left_ = (1u << batch_misses_) - 1;
    }
    return {handled, burst};
  }

  // Coalesced receives (UDP_GRO, Linux): a peer's GSO send (ours: a TFTP window) then arrives as
  // one buffer instead of being cut into datagrams on the way in, so the kernel allocates, queues
  // and wakes us once per run, not once per datagram; receive_batch() cuts it at the segment size
  // the kernel reports with it. A receive must then peek first and read with recvmmsg: one system
  // call more per wake-up, which a lock-step peer (one datagram per wake-up) pays for nothing
  // (512-byte TFTP blocks lost 15%). So it is on only while datagrams come in bursts: switched on
  // by a wake-up that finds several queued at once, off after kGroQuietWakeups that find no burst.
  void set_gro([[maybe_unused]] bool on) {
#if UDPLAB_HAVE_GRO
    int value = on ? 1 : 0;
    if (::setsockopt(sock_.native_handle(), SOL_UDP, UDP_GRO, &value, sizeof value) != 0) {
      gro_available_ = false;  // an older kernel: plain receives from now on
      on = false;
    }
    if (on) {
      ensure_batch_buffers();
      controls_.resize(msgs_.size());
    }
    gro_ = on;
    gro_quiet_wakeups_ = 0;
#endif
  }

  struct Received {
    std::size_t messages = 0;   // what the kernel handed over (a coalesced run counts once)
    std::size_t datagrams = 0;  // what was delivered
  };

#if UDPLAB_HAVE_MMSG
  void ensure_batch_buffers() {
    if (!msgs_.empty()) return;
    const std::size_t k = live_.batch_size;
    buffers_.resize(k);
    for (auto& b : buffers_) b.reset(new std::byte[kMaxDatagram]);  // untouched pages cost nothing
    iov_.resize(k);
    names_.resize(k);
    msgs_.resize(k);
  }

  Received receive_batch() {
    ensure_batch_buffers();
    const std::size_t k = msgs_.size();
    for (std::size_t i = 0; i < k; ++i) {
      iov_[i] = iovec{buffers_[i].get(), kMaxDatagram};
      std::memset(&msgs_[i], 0, sizeof(mmsghdr));
      msgs_[i].msg_hdr.msg_iov = &iov_[i];
      msgs_[i].msg_hdr.msg_iovlen = 1;
      msgs_[i].msg_hdr.msg_name = &names_[i];
      msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      if (!controls_.empty()) {  // GRO is or was on: a coalesced run may be queued
        msgs_[i].msg_hdr.msg_control = controls_[i].bytes;
        msgs_[i].msg_hdr.msg_controllen = sizeof controls_[i].bytes;
      }
    }
    int n = ::recvmmsg(sock_.native_handle(), msgs_.data(), static_cast<unsigned>(k), MSG_DONTWAIT, nullptr);
    if (n < 0) {
      int e = errno;
      if (e == EAGAIN || e == EWOULDBLOCK) return {};
      if (e == EINTR) return {1, 0};
      report(errno_code(e));
      return closed_ ? Received{} : Received{1, 0};
    }
    Received r{static_cast<std::size_t>(n), 0};
    for (std::size_t i = 0; i < r.messages && !closed_; ++i) {
      const net::Endpoint from = from_sockaddr(names_[i]);
      const std::byte* data = buffers_[i].get();
      const std::size_t len = msgs_[i].msg_len;
      const std::size_t segment = segment_size(msgs_[i].msg_hdr);
      if (segment == 0 || segment >= len) {
        deliver(from, data, len);
        ++r.datagrams;
        continue;
      }
      ++coalesced_runs_;
      for (std::size_t at = 0; at < len && !closed_; at += segment, ++r.datagrams)
        deliver(from, data + at, std::min(segment, len - at));
    }
    return r;
  }

  // The segment size of a coalesced run (UDP_GRO control message), or 0 for a single datagram.
  static std::size_t segment_size([[maybe_unused]] msghdr& h) {
#if UDPLAB_HAVE_GRO
    for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
      if (c->cmsg_level != SOL_UDP || c->cmsg_type != UDP_GRO) continue;
      int size = 0;
      std::memcpy(&size, CMSG_DATA(c), sizeof size);
      return size > 0 ? static_cast<std::size_t>(size) : 0;
    }
#endif
    return 0;
  }

  static net::Endpoint from_sockaddr(const sockaddr_storage& ss) {
    if (ss.ss_family == AF_INET) {
      const auto& s4 = reinterpret_cast<const sockaddr_in&>(ss);
      return {net::IpAddress::v4(ntohl(s4.sin_addr.s_addr)), ntohs(s4.sin_port)};
    }
    const auto& s6 = reinterpret_cast<const sockaddr_in6&>(ss);
    net::IpAddress::V6Bytes b;
    std::memcpy(b.data(), &s6.sin6_addr, 16);
    return {net::IpAddress::v6(b, s6.sin6_scope_id).unmapped(), ntohs(s6.sin6_port)};
  }

  static socklen_t to_sockaddr(const net::Endpoint& e, sockaddr_storage& ss) {
    std::memset(&ss, 0, sizeof ss);
    if (e.address.is_v4()) {
      auto& s4 = reinterpret_cast<sockaddr_in&>(ss);
      s4.sin_family = AF_INET;
      s4.sin_port = htons(e.port);
      s4.sin_addr.s_addr = htonl(e.address.v4_value());
      return sizeof(sockaddr_in);
    }
    auto& s6 = reinterpret_cast<sockaddr_in6&>(ss);
    s6.sin6_family = AF_INET6;
    s6.sin6_port = htons(e.port);
    std::memcpy(&s6.sin6_addr, e.address.raw_bytes().data(), 16);
    s6.sin6_scope_id = e.address.scope_id();
    return sizeof(sockaddr_in6);
  }

#if UDPLAB_HAVE_GSO
  // Queued datagram i and the next one can go out as one GSO send: same destination, the next no
  // longer (only the last segment of a GSO send may be shorter), both within one IP datagram.
  bool pairable(std::size_t i) const {
    return i + 1 < queued_.size() && !queued_[i].data.empty() && queued_[i + 1].to == queued_[i].to &&
           queued_[i + 1].data.size() <= queued_[i].data.size() &&
           queued_[i].data.size() + queued_[i + 1].data.size() <= kMaxGsoBytes;
  }

  // How many datagrams from the front make one GSO send: same destination, one size (the last
  // may be shorter), at most kMaxGsoSegments and kMaxGsoBytes in all.
  std::size_t gso_run() const {
    const std::size_t size = queued_.front().data.size();
    std::size_t n = 1, bytes = size;
    while (n < queued_.size() && n < kMaxGsoSegments && queued_[n].to == queued_.front().to &&
           queued_[n].data.size() <= size && bytes + queued_[n].data.size() <= kMaxGsoBytes) {
      bytes += queued_[n].data.size();
      if (queued_[n++].data.size() < size) break;  // a shorter one ends the run
    }
    return n;
  }

  // Sends the first `n` queued datagrams as one send with UDP_SEGMENT, each its own piece of the
  // message (no copy): the kernel passes them through its stack once and cuts them into datagrams
  // at the end (loopback: at the receiving socket). Returns 0 when sent, else errno.
  int send_gso(std::size_t n) {
    const std::size_t size = queued_.front().data.size();
    gso_iov_.resize(n);
    for (std::size_t i = 0; i < n; ++i) gso_iov_[i] = iovec{queued_[i].data.data(), queued_[i].data.size()};
    sockaddr_storage name{};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint16_t))] = {};
    msghdr msg{};
    msg.msg_name = &name;
    msg.msg_namelen = to_sockaddr(queued_.front().to, name);
    msg.msg_iov = gso_iov_.data();
    msg.msg_iovlen = n;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_UDP;
    c->cmsg_type = UDP_SEGMENT;
    c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
    const auto segment = static_cast<std::uint16_t>(size);
    std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
    return ::sendmsg(sock_.native_handle(), &msg, MSG_DONTWAIT) < 0 ? errno : 0;
  }
#endif

  // Sends queued datagrams: runs to one destination as GSO sends where the kernel offers them
  // (a TFTP window), the rest with sendmmsg. Returns false when the socket buffer is full.
  bool flush_batch() {
    const std::size_t k = live_.batch_size;
    out_msgs_.resize(k);
    out_iov_.resize(k);
    out_names_.resize(k);
    auto& out = out_msgs_;
    auto& iov = out_iov_;
    auto& names = out_names_;
    while (!queued_.empty() && !closed_) {
#if UDPLAB_HAVE_GSO
      bool gso_now = gso_;
      if (gso_now && pairable(0)) {
        const std::size_t run = gso_run();
        const int e = send_gso(run);
        if (e == 0) {
          for (std::size_t i = 0; i < run; ++i) pop_sent();
          continue;
        }
        if (e == EAGAIN || e == EWOULDBLOCK) return false;
        if (e == EINTR) continue;
        // No GSO on this path (EIO: no checksum offload; EINVAL: segments over the path MTU):
        // datagram by datagram from now on. Any other error (an ICMP error pending, no route) is
        // left to the datagram-by-datagram send below, which reports it for each datagram.
        if (e == EIO || e == EINVAL || e == EMSGSIZE || e == ENOPROTOOPT || e == EOPNOTSUPP) gso_ = false;
        gso_now = false;
      }
      // Up to the next run that GSO can take.
      std::size_t m = 0;
      const std::size_t limit = std::min(k, queued_.size());
      while (m < limit && !(gso_now && m > 0 && pairable(m))) ++m;
#else
      const std::size_t m = std::min(k, queued_.size());
#endif
      for (std::size_t i = 0; i < m; ++i) {
        auto& q = queued_[i];
        iov[i] = iovec{q.data.data(), q.data.size()};
        std::memset(&out[i], 0, sizeof(mmsghdr));
        out[i].msg_hdr.msg_iov = &iov[i];
        out[i].msg_hdr.msg_iovlen = 1;
        out[i].msg_hdr.msg_name = &names[i];
        out[i].msg_hdr.msg_namelen = to_sockaddr(q.to, names[i]);
      }
      int n = ::sendmmsg(sock_.native_handle(), out.data(), static_cast<unsigned>(m), MSG_DONTWAIT);
      if (n < 0) {
        int e = errno;
        if (e == EAGAIN || e == EWOULDBLOCK) return false;
        if (e == EINTR) continue;
        pop_sent();  // this datagram cannot be sent; say so and go on with the rest
        report(errno_code(e));
        continue;
      }
      for (int i = 0; i < n; ++i) pop_sent();
    }
    return true;
  }
#else
  Received receive_batch() { return {}; }
  bool flush_batch() { return flush_single(); }
#endif

  bool flush_single() {
    while (!queued_.empty() && !closed_) {
      auto& q = queued_.front();
      boost::system::error_code ec;
      sock_.send_to(asio::buffer(q.data.data(), q.data.size()), to_asio(q.to), 0, ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) return false;
      pop_sent();
      if (ec) report(ec);
    }
    return true;
  }

  // Done with the front datagram: its buffer goes back for the next one queued.
  void pop_sent() {
    spare_.push_back(std::move(queued_.front().data));
    queued_.pop_front();
  }

  void flush() {
    if (queued_.empty() || closed_) return;
    bool done = batch_ ? flush_batch() : flush_single();
    if (!done) wait_write();
  }

  struct Queued {
    net::Endpoint to;
    std::vector<std::byte> data;
  };

  udp::socket sock_;
  LiveOptions live_;
  bool v6_ = false;
  bool connected_ = false;
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
  // queued at once). Allocating each anew cost a window of large blocks dearly: glibc handed the
  // top of the heap back to the kernel after every window and page-faulted it in again for the next
  // (an upload at 65464 x 8: 0.3 GB/s, 80% of it in brk and page faults).
  std::vector<std::vector<std::byte>> spare_;
  std::vector<std::byte> single_;
  std::array<std::byte, 1> peek_{};
  udp::endpoint sender_;
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

class LiveSocket final : public transport::Socket {
 public:
  explicit LiveSocket(std::shared_ptr<SocketState> s) : s_(std::move(s)) {}
  ~LiveSocket() override { s_->close(); }
  net::Endpoint local_endpoint() const override { return s_->local_endpoint(); }
  std::error_code connect(const net::Endpoint& peer) override { return s_->connect(peer); }
  std::error_code send_to(const net::Endpoint& to, std::span<const std::byte> p) override { return s_->send_to(to, p); }
  std::error_code set_broadcast(bool on) override { return s_->set_broadcast(on); }
  void start_receiving(ReceiveHandler rx, ErrorHandler err) override { s_->start(std::move(rx), std::move(err)); }
  void close() override { s_->close(); }
  void flush_sends() override { s_->flush_sends(); }
  std::optional<std::size_t> receive_buffer_size() const override { return s_->receive_buffer_size(); }
  std::optional<std::size_t> send_buffer_size() const override { return s_->send_buffer_size(); }
  ReceiveStats receive_stats() const { return s_->receive_stats(); }

 private:
  std::shared_ptr<SocketState> s_;
};

}  // namespace

std::optional<ReceiveStats> receive_stats(const transport::Socket& socket) {
  if (const auto* live = dynamic_cast<const LiveSocket*>(&socket)) return live->receive_stats();
  return std::nullopt;
}

std::expected<std::unique_ptr<transport::Socket>, std::error_code> open_live_socket(
    asio::io_context& io, const LiveOptions& live, const net::Endpoint& local, const transport::BindOptions& options) {
  auto state = std::make_shared<SocketState>(io, live);
  if (auto ec = state->open(local, options)) return std::unexpected(ec);
  return std::make_unique<LiveSocket>(std::move(state));
}

}  // namespace udplab::live
