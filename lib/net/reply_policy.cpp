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

std::optional<ReplyRefusal> detail::refuse_reply_to_ip(const IpAddress& a, std::span<const IpAddress> broadcast_addresses) {
  if (a.is_multicast()) return ReplyRefusal::multicast_source;
  if (a.is_unspecified()) return ReplyRefusal::unspecified_source;
  if (a.is_limited_broadcast()) return ReplyRefusal::broadcast_source;
  if (std::find(broadcast_addresses.begin(), broadcast_addresses.end(), a) != broadcast_addresses.end())
    return ReplyRefusal::broadcast_source;
  return std::nullopt;
}

}  // namespace udplab::net
