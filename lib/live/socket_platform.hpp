// The sockets seam of lib/live: what a UDP socket needs that differs between platforms, one
// implementation file per platform (socket_platform_posix.cpp, socket_platform_windows.cpp),
// picked by CMake. Private to lib/live; the live socket (live_socket.cpp, socket_receive.cpp) is
// the only caller.
//
// The Linux fast paths (recvmmsg/sendmmsg, GSO, GRO) are not here: they are the live socket's
// *_linux.cpp files, compiled in or left out as a whole (UDPLAB_LINUX_FAST_PATHS, see
// lib/CMakeLists.txt and live/socket_state.hpp).
#pragma once

#include <optional>
#include <system_error>
#include <vector>
#include <utility>  // before Asio: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/ip/udp.hpp>

#include "net/address.hpp"
#include "transport/runtime.hpp"

namespace udplab::live::platform {

// Between open and bind: address reuse as `options.reuse_address` asks (POSIX: SO_REUSEADDR when
// asked; Windows: SO_REUSEADDR when asked, SO_EXCLUSIVEADDRUSE otherwise) and the platform's UDP
// settings (Windows: no "connection reset" from ICMP errors on an unconnected socket).
std::error_code prepare_for_bind(boost::asio::ip::udp::socket& socket, const transport::BindOptions& options);

// bind(), with the transport's errors: address_in_use for a port another socket holds
// (Windows says WSAEACCES when that socket holds it exclusively).
std::error_code bind(boost::asio::ip::udp::socket& socket, const boost::asio::ip::udp::endpoint& local);

// After a successful connect(): a connected socket hears of its peer's closed port (Windows: ICMP
// port unreachable reported again). Best effort.
void after_connect(boost::asio::ip::udp::socket& socket);

// What a failed receive means for the socket's user: the error to report (connection_refused on a
// connected socket whose peer's port is closed), or nothing when the socket should simply keep
// receiving (Windows: the reset an unconnected socket may still be handed after an ICMP error).
std::optional<std::error_code> receive_error(const boost::system::error_code& ec, bool connected);

// Before bind: makes the unconnected `socket` hear of an ICMP port unreachable drawn by a datagram
// to any destination, and keep that destination for take_unreachable() (transport::BindOptions::
// name_unreachable). Linux: IP_RECVERR (and IPV6_RECVERR on an IPv6 socket); a receive or send then
// fails with ECONNREFUSED and the error queue names the destination. Returns false where the
// platform cannot name the destination (macOS, the BSDs, Windows): the socket is left as it was,
// hearing nothing, as any unconnected socket.
bool name_unreachable(boost::asio::ip::udp::socket& socket, bool v6);

// On a socket name_unreachable() set up, after an operation failed with connection_refused: the
// destinations of the datagrams that drew an ICMP port unreachable since the last call, oldest
// first (Linux: read from the error queue, which this empties; other ICMP errors there are dropped).
std::vector<net::Endpoint> take_unreachable(boost::asio::ip::udp::socket& socket);

}  // namespace udplab::live::platform
