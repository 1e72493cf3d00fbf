#include "live/resolve.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/host_name.hpp>
#include <boost/asio/ip/udp.hpp>

#include "live/asio_convert.hpp"

namespace udplab::live {

std::expected<net::Endpoint, std::string> resolve(std::string_view text, std::uint16_t default_port,
                                                  std::optional<net::Family> family) {
  auto hp = net::split_host_port(text);
  if (!hp) return std::unexpected(hp.error());
  const auto port = static_cast<std::uint16_t>(hp->port >= 0 ? hp->port : default_port);
  if (auto literal = net::IpAddress::parse(hp->host)) {
    if (family && literal->family() != *family)
      return std::unexpected("address " + hp->host + " is not of the requested family");
    return net::Endpoint{*literal, port};
  }
  boost::asio::io_context io;
  boost::asio::ip::udp::resolver resolver(io);
  boost::system::error_code ec;
  auto results = resolver.resolve(hp->host, std::to_string(port), ec);
  if (ec) return std::unexpected("cannot resolve '" + hp->host + "': " + ec.message());
  for (const auto& entry : results) {
    net::Endpoint ep = from_asio(entry.endpoint());
    if (!family || ep.address.family() == *family) return ep;
  }
  return std::unexpected("'" + hp->host + "' has no address of the requested family");
}

std::string host_name() {
  boost::system::error_code ec;
  std::string name = boost::asio::ip::host_name(ec);
  return ec ? std::string() : name;
}

}  // namespace udplab::live
