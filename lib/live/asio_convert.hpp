// Conversions between udplab::net values and Boost.Asio's (private to lib/live).
#pragma once

#include <boost/asio/ip/udp.hpp>

#include "net/address.hpp"

namespace udplab::live {

inline boost::asio::ip::address to_asio(const net::IpAddress& a) {
  if (a.is_v4()) return boost::asio::ip::address_v4(a.v4_value());
  boost::asio::ip::address_v6::bytes_type b;
  for (std::size_t i = 0; i < 16; ++i) b[i] = a.raw_bytes()[i];
  return boost::asio::ip::address_v6(b, a.scope_id());
}

inline net::IpAddress from_asio(const boost::asio::ip::address& a) {
  if (a.is_v4()) return net::IpAddress::v4(a.to_v4().to_uint());
  auto v6 = a.to_v6();
  net::IpAddress::V6Bytes b;
  auto raw = v6.to_bytes();
  for (std::size_t i = 0; i < 16; ++i) b[i] = raw[i];
  return net::IpAddress::v6(b, static_cast<std::uint32_t>(v6.scope_id())).unmapped();
}

inline boost::asio::ip::udp::endpoint to_asio(const net::Endpoint& e) { return {to_asio(e.address), e.port}; }
inline net::Endpoint from_asio(const boost::asio::ip::udp::endpoint& e) { return {from_asio(e.address()), e.port()}; }

}  // namespace udplab::live
