// The sockets seam on POSIX systems (Linux, macOS, the BSDs): nothing to add to what Asio does for
// binding and connecting. An unconnected UDP socket never hears of ICMP errors here, except on
// Linux when it asks (IP_RECVERR, see name_unreachable), and a connected one gets ECONNREFUSED,
// which is the transport's connection_refused already.
#include "live/socket_platform.hpp"

#include <boost/asio/socket_base.hpp>

#if defined(__linux__)
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "live/sockaddr_convert.hpp"
#endif

namespace udplab::live::platform {

std::error_code prepare_for_bind(boost::asio::ip::udp::socket& socket, const transport::BindOptions& options) {
  boost::system::error_code ec;
  if (options.reuse_address) socket.set_option(boost::asio::socket_base::reuse_address(true), ec);
  return ec;
}

std::error_code bind(boost::asio::ip::udp::socket& socket, const boost::asio::ip::udp::endpoint& local) {
  boost::system::error_code ec;
  socket.bind(local, ec);
  return ec;
}

void after_connect(boost::asio::ip::udp::socket&) {}

std::optional<std::error_code> receive_error(const boost::system::error_code& ec, bool) { return ec; }

#if defined(__linux__)

bool name_unreachable(boost::asio::ip::udp::socket& socket, bool v6) {
  const int on = 1;
  const int fd = socket.native_handle();
  // An IPv6 socket reaches IPv4 peers through v4-mapped addresses, whose ICMP errors are IPv4's.
  const bool v4_reports = ::setsockopt(fd, SOL_IP, IP_RECVERR, &on, sizeof on) == 0;
  if (!v6) return v4_reports;
  return ::setsockopt(fd, SOL_IPV6, IPV6_RECVERR, &on, sizeof on) == 0;
}

std::vector<net::Endpoint> take_unreachable(boost::asio::ip::udp::socket& socket) {
  std::vector<net::Endpoint> found;
  // Bounded: the kernel keeps the queue short (it counts against the receive buffer), and a
  // socket under a flood of ICMP errors must still get back to its datagrams.
  for (int i = 0; i < 64; ++i) {
    sockaddr_storage name{};
    alignas(cmsghdr) char control[256];
    std::byte byte{};
    iovec iov{&byte, 1};
    msghdr m{};
    m.msg_name = &name;
    m.msg_namelen = sizeof name;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    if (::recvmsg(socket.native_handle(), &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
      if (errno == EINTR) continue;
      break;  // EAGAIN: the queue is empty
    }
    for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
      const bool v4 = c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR;
      const bool v6 = c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR;
      if (!v4 && !v6) continue;
      sock_extended_err ee{};
      std::memcpy(&ee, CMSG_DATA(c), sizeof ee);
      const bool icmp = ee.ee_origin == SO_EE_ORIGIN_ICMP || ee.ee_origin == SO_EE_ORIGIN_ICMP6;
      // msg_name is the destination of the datagram that drew the error (ip(7), ipv6(7)).
      if (icmp && ee.ee_errno == ECONNREFUSED) found.push_back(detail::from_sockaddr(name));
    }
  }
  return found;
}

#else

bool name_unreachable(boost::asio::ip::udp::socket&, bool) { return false; }

std::vector<net::Endpoint> take_unreachable(boost::asio::ip::udp::socket&) { return {}; }

#endif

}  // namespace udplab::live::platform
