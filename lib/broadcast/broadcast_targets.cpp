#include "broadcast/broadcast_targets.hpp"

namespace udplab::broadcast {

std::vector<net::Endpoint> broadcast_targets(std::span<const net::IpAddress> given, bool limited, std::uint16_t port,
                                             std::span<const net::IpAddress> interface_broadcasts) {
  std::vector<net::Endpoint> out;
  const auto& from = !given.empty() ? given : limited ? std::span<const net::IpAddress>{} : interface_broadcasts;
  for (const auto& a : from) out.push_back({a, port});
  if (out.empty()) out.push_back({net::IpAddress::limited_broadcast(), port});
  return out;
}

}  // namespace udplab::broadcast
