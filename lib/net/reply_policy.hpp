// Whom a server may answer.
//
// A server that replies to a datagram's source address can be abused: a spoofed source makes it
// send to a victim, and a broadcast or multicast source makes it send to a whole network (the
// echo/chargen "fraggle" attacks). udplab's servers (echo, discovery, the chat room) never answer a
// source that cannot be one real requester.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "net/address.hpp"

namespace udplab::net {

enum class ReplyRefusal { port_zero, multicast_source, broadcast_source, unspecified_source };
std::string_view to_string(ReplyRefusal r);

namespace detail {
std::optional<ReplyRefusal> refuse_reply_to_ip(const IpAddress& a, std::span<const IpAddress> broadcast_addresses);
}

// Why a reply to `from` must not be sent, or nothing when it may. `broadcast_addresses` are the
// host's directed broadcast addresses (the limited broadcast address is always refused).
// Inline for plain IPv4, which an echo server asks about for every datagram: an out-of-line call
// returns the optional through memory in pieces, and the caller's wider load of it cannot be
// forwarded from those stores.
inline std::optional<ReplyRefusal> refuse_reply_to(const Endpoint& from, std::span<const IpAddress> broadcast_addresses) {
  if (from.port == 0) return ReplyRefusal::port_zero;
  if (!from.address.is_v4()) return detail::refuse_reply_to_ip(from.address.unmapped(), broadcast_addresses);
  const std::uint32_t v = from.address.v4_value();
  if ((v >> 28) == 0xE) return ReplyRefusal::multicast_source;
  if (v == 0) return ReplyRefusal::unspecified_source;
  if (v == 0xFFFFFFFFu) return ReplyRefusal::broadcast_source;
  for (const IpAddress& b : broadcast_addresses)
    if (b.is_v4() && b.v4_value() == v) return ReplyRefusal::broadcast_source;
  return std::nullopt;
}

}  // namespace udplab::net
