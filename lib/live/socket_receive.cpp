// Receiving: one asynchronous receive at a time through Asio's reactor. On the portable path each
// wake-up hands over one datagram. Where batches are compiled in, a wake-up goes on to drain the
// queue in batches (socket_receive_batch_linux.cpp), keeps asking for a prompt answer for a while
// (spin), and switches coalesced receives (UDP_GRO) on during bursts and off when they end.
#include <algorithm>
#include <vector>

#include <boost/asio/post.hpp>

#include "live/asio_convert.hpp"
#include "live/socket_platform.hpp"
#include "live/socket_state.hpp"

namespace udplab::live::detail {
namespace asio = boost::asio;

void SocketState::report(std::error_code ec) {
  if (!on_error_) return;
  if (!name_unreachable_ || connected_) {
    on_error_(ec);
    return;
  }
  // Emptied at every error, whatever it was, so that ICMP errors cannot pile up in the queue.
  const std::vector<net::Endpoint> refused = platform::take_unreachable(sock_);
  if (refused.empty() || ec != std::errc::connection_refused) on_error_(ec);
  for (const net::Endpoint& to : refused) {
    if (closed_ || !on_error_) return;  // a handler may close the socket
    on_error_(transport::SocketError(ec, to));
  }
}

void SocketState::report_later(std::error_code ec) {
  asio::post(sock_.get_executor(), [self = shared_from_this(), ec] {
    if (!self->closed_) self->report(ec);
  });
}

// A failed receive: the platform says what it means for this socket (on Windows, an unconnected
// socket ignores the reset an ICMP port unreachable leaves behind and keeps receiving).
void SocketState::report_receive_error(const boost::system::error_code& ec) {
  if (auto e = platform::receive_error(ec, connected_)) report(*e);
}

// A receive, not async_wait(wait_read): Asio's epoll reactor (1.74) re-registers the descriptor
// with epoll_ctl for every async_wait, to re-arm its edge trigger. A receive is tried at once
// instead (speculatively) and otherwise queued on the registration the socket already has, so
// the steady state costs no epoll_ctl, and a datagram already waiting skips epoll_wait too.
void SocketState::wait_read() {
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

// The first datagram came from the pending receive; more may be queued behind it.
void SocketState::on_receive(const boost::system::error_code& ec, std::size_t n) {
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
void SocketState::spin() {
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
void SocketState::on_readable(const boost::system::error_code& ec) {
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
bool SocketState::batch_worth_trying() {
  if (batch_skips_left_ == 0) return true;
  --batch_skips_left_;
  return false;
}

// Reads until the queue runs dry or kMaxPerWakeup.
SocketState::Drained SocketState::drain_batches() {
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

}  // namespace udplab::live::detail
