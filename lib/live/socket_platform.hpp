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
#include <utility>  // before Asio: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/ip/udp.hpp>

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

}  // namespace udplab::live::platform
