// Batched receives on Linux: recvmmsg reads up to LiveOptions::batch_size datagrams per system
// call; with UDP_GRO on, a coalesced run arrives as one message and is cut back into its datagrams
// at the segment size the kernel reports with it. Compiled only with UDPLAB_LINUX_FAST_PATHS.
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "live/socket_state.hpp"
#include "live/sockaddr_convert.hpp"

namespace udplab::live::detail {
namespace {

// The segment size of a coalesced run (UDP_GRO control message), or 0 for a single datagram.
std::size_t segment_size([[maybe_unused]] msghdr& h) {
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

}  // namespace

// Coalesced receives (UDP_GRO, Linux): a peer's GSO send (ours: a TFTP window) then arrives as
// one buffer instead of being cut into datagrams on the way in, so the kernel allocates, queues
// and wakes us once per run, not once per datagram; receive_batch() cuts it at the segment size
// the kernel reports with it. A receive must then peek first and read with recvmmsg: one system
// call more per wake-up, which a lock-step peer (one datagram per wake-up) pays for nothing.
// So it is on only while datagrams come in bursts: switched on
// by a wake-up that finds several queued at once, off after kGroQuietWakeups that find no burst.
void SocketState::set_gro([[maybe_unused]] bool on) {
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

void SocketState::ensure_batch_buffers() {
  if (!msgs_.empty()) return;
  const std::size_t k = live_.batch_size;
  buffers_.resize(k);
  for (auto& b : buffers_) b.reset(new std::byte[kMaxDatagram]);  // untouched pages cost nothing
  iov_.resize(k);
  names_.resize(k);
  msgs_.resize(k);
}

SocketState::Received SocketState::receive_batch() {
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

}  // namespace udplab::live::detail
