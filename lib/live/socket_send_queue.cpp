// Sending: straight to the socket when nothing waits before the datagram, else through the queue,
// which leaves one datagram per send_to on the portable path and in batches where they are
// compiled in (socket_send_batch_linux.cpp). A full socket buffer leaves the rest queued until
// the socket is writable again.
#include <cerrno>

#include "live/asio_convert.hpp"
#include "live/socket_state.hpp"

namespace udplab::live::detail {
namespace asio = boost::asio;
using asio::ip::udp;

std::error_code SocketState::send_to(const net::Endpoint& to, std::span<const std::byte> payload) {
  if (closed_) return errno_code(EBADF);
  if (payload.size() > (v6_ ? transport::kMaxUdpPayloadV6 : transport::kMaxUdpPayloadV4))
    return errno_code(EMSGSIZE);
  net::Endpoint dest = sendable(to);
  if (!queued_.empty() || (in_drain_ && batch_)) return enqueue(dest, payload);
  boost::system::error_code ec;
  sock_.send_to(asio::buffer(payload.data(), payload.size()), to_asio(dest), 0, ec);
  if (ec == asio::error::connection_refused && name_unreachable_ && !connected_) {
    // The refusal is about a datagram sent before (its destination waits in the error queue), and
    // failing this send consumed it: report it from the loop, and send this datagram after all.
    report_later(ec);
    sock_.send_to(asio::buffer(payload.data(), payload.size()), to_asio(dest), 0, ec);
  }
  if (ec == asio::error::would_block || ec == asio::error::try_again) return enqueue(dest, payload);
  return ec;
}

std::error_code SocketState::enqueue(const net::Endpoint& to, std::span<const std::byte> payload) {
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

void SocketState::wait_write() {
  if (closed_ || waiting_write_) return;
  waiting_write_ = true;
  sock_.async_wait(udp::socket::wait_write, [self = shared_from_this()](const boost::system::error_code& ec) {
    self->waiting_write_ = false;
    if (ec || self->closed_) return;
    self->flush();
  });
}

bool SocketState::flush_single() {
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

void SocketState::flush() {
  if (queued_.empty() || closed_) return;
  bool done = batch_ ? flush_batch() : flush_single();
  if (!done) wait_write();
}

}  // namespace udplab::live::detail
