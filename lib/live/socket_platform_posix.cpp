// The sockets seam on POSIX systems (Linux, macOS, the BSDs): nothing to add to what Asio does.
// An unconnected UDP socket never hears of ICMP errors here (Linux would only with IP_RECVERR),
// and a connected one gets ECONNREFUSED, which is the transport's connection_refused already.
#include "live/socket_platform.hpp"

#include <boost/asio/socket_base.hpp>

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

}  // namespace udplab::live::platform
