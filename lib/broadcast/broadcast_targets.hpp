// Where a broadcast (or a discovery probe) goes, decided the same way by the CLI and by scenarios:
// the addresses given; else the limited broadcast address when asked; else the directed broadcast
// address of every interface of the host, so each attached segment gets one copy; and the limited
// broadcast address when the host has no broadcast-capable interface.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "net/address.hpp"

namespace udplab::broadcast {

std::vector<net::Endpoint> broadcast_targets(std::span<const net::IpAddress> given, bool limited, std::uint16_t port,
                                             std::span<const net::IpAddress> interface_broadcasts);

}  // namespace udplab::broadcast
