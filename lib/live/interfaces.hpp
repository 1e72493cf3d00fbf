// The interfaces seam of lib/live: this host's IPv4 interface addresses as each platform lists
// them, one file per platform picked by CMake (interfaces_posix.cpp: getifaddrs;
// interfaces_windows.cpp: GetAdaptersAddresses), and the one portable rule that turns them into
// directed broadcast addresses (interfaces.cpp). LiveRuntime::broadcast_addresses() is both.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "net/address.hpp"

namespace udplab::live {

struct InterfaceAddress {
  net::IpAddress address;                    // IPv4
  std::optional<unsigned> prefix_length;     // of the on-link subnet, when known
  std::optional<net::IpAddress> broadcast;   // the broadcast address configured, when reported
};

// The IPv4 addresses of the interfaces that can broadcast: POSIX, those flagged IFF_BROADCAST
// (which leaves out loopback and point-to-point links); Windows, those of adapters that are up and
// neither loopback, tunnels nor PPP. Empty when the platform cannot list them.
std::vector<InterfaceAddress> broadcast_capable_addresses();

// The directed broadcast addresses of `interfaces`, in order and without duplicates: each subnet's
// (address | ~mask, for prefixes up to /30; /31 and /32 have none), also when no broadcast address
// was configured, and each broadcast address configured that is neither the interface's own
// address nor 0.0.0.0.
std::vector<net::IpAddress> directed_broadcasts(std::span<const InterfaceAddress> interfaces);

}  // namespace udplab::live
