#include "net/reply_policy.hpp"

#include <algorithm>

namespace udplab::net {

std::string_view to_string(ReplyRefusal r) {
  switch (r) {
    case ReplyRefusal::port_zero: return "source port 0";
    case ReplyRefusal::multicast_source: return "multicast source";
    case ReplyRefusal::broadcast_source: return "broadcast source";
    case ReplyRefusal::unspecified_source: return "unspecified source";
  }
  return "unknown";
}

std::optional<ReplyRefusal> refuse_reply_to(const Endpoint& from, std::span<const IpAddress> broadcast_addresses) {
  if (from.port == 0) return ReplyRefusal::port_zero;
  if (from.address.is_v4()) {
    // An echo server asks this for every datagram: plain IPv4 is compares on the 32-bit value.
    const std::uint32_t v = from.address.v4_value();
    if ((v >> 28) == 0xE) return ReplyRefusal::multicast_source;
    if (v == 0) return ReplyRefusal::unspecified_source;
    if (v == 0xFFFFFFFFu) return ReplyRefusal::broadcast_source;
    for (const IpAddress& b : broadcast_addresses)
      if (b.is_v4() && b.v4_value() == v) return ReplyRefusal::broadcast_source;
    return std::nullopt;
  }
  const IpAddress a = from.address.unmapped();
  if (a.is_multicast()) return ReplyRefusal::multicast_source;
  if (a.is_unspecified()) return ReplyRefusal::unspecified_source;
  if (a.is_limited_broadcast()) return ReplyRefusal::broadcast_source;
  if (std::find(broadcast_addresses.begin(), broadcast_addresses.end(), a) != broadcast_addresses.end())
    return ReplyRefusal::broadcast_source;
  return std::nullopt;
}

}  // namespace udplab::net
