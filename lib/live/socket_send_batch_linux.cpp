// Batched sends on Linux: the queue leaves with sendmmsg, up to LiveOptions::batch_size datagrams
// per system call, and a run of one size to one peer (a TFTP window) as one GSO send (UDP_SEGMENT)
// until the kernel refuses GSO on this socket's path. Compiled only with UDPLAB_LINUX_FAST_PATHS.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "live/socket_state.hpp"
#include "live/sockaddr_convert.hpp"

namespace udplab::live::detail {

#if UDPLAB_HAVE_GSO
namespace {
constexpr std::size_t kMaxGsoSegments = 64;  // the kernel's UDP_MAX_SEGMENTS
constexpr std::size_t kMaxGsoBytes = 65000;  // one IP datagram's worth, with room for headers
}  // namespace

// Queued datagram i and the next one can go out as one GSO send: same destination, the next no
// longer (only the last segment of a GSO send may be shorter), both within one IP datagram.
bool SocketState::pairable(std::size_t i) const {
  return i + 1 < queued_.size() && !queued_[i].data.empty() && queued_[i + 1].to == queued_[i].to &&
         queued_[i + 1].data.size() <= queued_[i].data.size() &&
         queued_[i].data.size() + queued_[i + 1].data.size() <= kMaxGsoBytes;
}

// How many datagrams from the front make one GSO send: same destination, one size (the last
// may be shorter), at most kMaxGsoSegments and kMaxGsoBytes in all.
std::size_t SocketState::gso_run() const {
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
int SocketState::send_gso(std::size_t n) {
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

bool SocketState::flush_batch() {
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

}  // namespace udplab::live::detail
