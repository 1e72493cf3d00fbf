// The sockets seam on Windows (Winsock 2, through Asio's IOCP service).
//
// Three things differ from POSIX and would hurt a UDP server left as it is:
// - ICMP errors reach unconnected sockets. After any datagram the socket sent draws a "port
//   unreachable", the next receive fails with WSAECONNRESET (completion status
//   ERROR_PORT_UNREACHABLE), and a "TTL expired in transit" gives WSAENETRESET: an echo server or
//   chat room would stop over one client that went away. SIO_UDP_CONNRESET and SIO_UDP_NETRESET
//   set to FALSE turn those reports off; a connected socket turns port unreachable back on, since
//   the transport's contract (connection_refused on a connected socket) needs it. receive_error()
//   still drops such errors on an unconnected socket, for stacks that ignore the ioctls.
// - SO_REUSEADDR lets any other socket bind the same port, even while it is in use, and take over
//   its unicast datagrams ("port stealing"; unlike Linux there is no same-user rule). A socket that
//   does not ask for reuse therefore takes SO_EXCLUSIVEADDRUSE, which refuses any later bind to
//   its address and port. Sockets that ask for reuse (broadcast listeners: several programs
//   listening on one broadcast port) keep SO_REUSEADDR: sharing is their point, and a broadcast
//   or multicast datagram reaches every socket bound to the port.
// - IPV6_V6ONLY is on by default (Linux: off), so live_socket.cpp sets it both ways on every IPv6
//   socket before bind; SO_BROADCAST is set there too, as on every platform.
#include "live/socket_platform.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/socket_base.hpp>

#include <winsock2.h>
#include <mswsock.h>  // SIO_UDP_CONNRESET
#include <windows.h>

namespace udplab::live::platform {
namespace {

// Errors made here are Winsock's (system category: WSAECONNREFUSED, WSAEADDRINUSE), which compare
// equal to std::errc's conditions and read right: MinGW's generic_category() has no text for
// ECONNREFUSED or EADDRINUSE ("Unknown error").

// mstcpip.h's SIO_UDP_NETRESET, which MinGW-w64's headers do not define.
constexpr DWORD kSioUdpConnReset = SIO_UDP_CONNRESET;
constexpr DWORD kSioUdpNetReset = _WSAIOW(IOC_VENDOR, 15);

boost::system::error_code last_socket_error() {
  return {::WSAGetLastError(), boost::asio::error::get_system_category()};
}

bool set_icmp_reports(SOCKET s, DWORD ioctl, bool on) {
  BOOL value = on ? TRUE : FALSE;
  DWORD returned = 0;
  return ::WSAIoctl(s, ioctl, &value, sizeof value, nullptr, 0, &returned, nullptr, nullptr) == 0;
}

}  // namespace

std::error_code prepare_for_bind(boost::asio::ip::udp::socket& socket, const transport::BindOptions& options) {
  boost::system::error_code ec;
  if (options.reuse_address) {
    socket.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (ec) return ec;
  } else {
    const BOOL on = TRUE;
    if (::setsockopt(socket.native_handle(), SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&on),
                     sizeof on) != 0) {
      ec = last_socket_error();
      // A stack that does not know the option (an emulation) leaves the port as shared as it
      // always was there; any other failure is real.
      if (ec.value() != WSAENOPROTOOPT) return ec;
    }
  }
  // Best effort: receive_error() below is the second line of defence.
  set_icmp_reports(socket.native_handle(), kSioUdpConnReset, false);
  set_icmp_reports(socket.native_handle(), kSioUdpNetReset, false);
  return {};
}

std::error_code bind(boost::asio::ip::udp::socket& socket, const boost::asio::ip::udp::endpoint& local) {
  boost::system::error_code ec;
  socket.bind(local, ec);
  // WSAEACCES: the port is held with SO_EXCLUSIVEADDRUSE (by us: any socket that did not ask for
  // reuse), or lies in a range the system keeps for itself (Hyper-V's excluded port ranges).
  if (ec == boost::asio::error::access_denied) return make_error_code(boost::asio::error::address_in_use);
  return ec;
}

void after_connect(boost::asio::ip::udp::socket& socket) {
  set_icmp_reports(socket.native_handle(), kSioUdpConnReset, true);
}

std::optional<std::error_code> receive_error(const boost::system::error_code& ec, bool connected) {
  namespace error = boost::asio::error;
  const bool system = ec.category() == error::get_system_category();
  // Port unreachable, as each stack words it: WSAECONNRESET from a plain receive, completion status
  // ERROR_PORT_UNREACHABLE (Asio makes it connection_refused), and Wine's ERROR_CONNECTION_REFUSED
  // (1225), which Asio leaves as it is.
  const bool port_unreachable = ec == error::connection_reset || ec == error::connection_refused ||
                                (system && (ec.value() == ERROR_CONNECTION_REFUSED || ec.value() == ERROR_PORT_UNREACHABLE));
  if (port_unreachable) {
    if (!connected) return std::nullopt;  // about some datagram sent to someone: keep receiving
    return make_error_code(error::connection_refused);
  }
  // "TTL expired in transit": a UDP socket on Linux never hears of it either.
  if (ec == error::network_reset) return std::nullopt;
  return ec;
}

// Winsock tells an unconnected socket of a port unreachable only as WSAECONNRESET from a later
// receive, naming no destination that this code could rely on, so a socket that asks stays as
// prepare_for_bind() left it (reports off).
bool name_unreachable(boost::asio::ip::udp::socket&, bool) { return false; }

std::vector<net::Endpoint> take_unreachable(boost::asio::ip::udp::socket&) { return {}; }

}  // namespace udplab::live::platform
