// Conversions between udplab::net endpoints and the sockets API's sockaddr_storage, for the system
// calls Asio does not wrap (recvmmsg, sendmmsg, sendmsg with UDP_SEGMENT). POSIX only; private to
// lib/live.
#pragma once

#include <cstring>

#include <netinet/in.h>
#include <sys/socket.h>

#include "net/address.hpp"

namespace udplab::live::detail {

inline net::Endpoint from_sockaddr(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) {
    const auto& s4 = reinterpret_cast<const sockaddr_in&>(ss);
    return {net::IpAddress::v4(ntohl(s4.sin_addr.s_addr)), ntohs(s4.sin_port)};
  }
  const auto& s6 = reinterpret_cast<const sockaddr_in6&>(ss);
  net::IpAddress::V6Bytes b;
  std::memcpy(b.data(), &s6.sin6_addr, 16);
  return {net::IpAddress::v6(b, s6.sin6_scope_id).unmapped(), ntohs(s6.sin6_port)};
}

inline socklen_t to_sockaddr(const net::Endpoint& e, sockaddr_storage& ss) {
  std::memset(&ss, 0, sizeof ss);
  if (e.address.is_v4()) {
    auto& s4 = reinterpret_cast<sockaddr_in&>(ss);
    s4.sin_family = AF_INET;
    s4.sin_port = htons(e.port);
    s4.sin_addr.s_addr = htonl(e.address.v4_value());
    return sizeof(sockaddr_in);
  }
  auto& s6 = reinterpret_cast<sockaddr_in6&>(ss);
  s6.sin6_family = AF_INET6;
  s6.sin6_port = htons(e.port);
  std::memcpy(&s6.sin6_addr, e.address.raw_bytes().data(), 16);
  s6.sin6_scope_id = e.address.scope_id();
  return sizeof(sockaddr_in6);
}

}  // namespace udplab::live::detail
