// The interfaces seam on POSIX systems: getifaddrs (Linux, macOS, the BSDs).
#include "live/interfaces.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace udplab::live {

std::vector<InterfaceAddress> broadcast_capable_addresses() {
  std::vector<InterfaceAddress> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  auto v4 = [](const sockaddr* sa) {
    return net::IpAddress::v4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  };
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    if (!(i->ifa_flags & IFF_BROADCAST)) continue;
    InterfaceAddress a{v4(i->ifa_addr), std::nullopt, std::nullopt};
    // The kernel treats address | ~netmask as a broadcast address of the subnet (below /31) even
    // when no broadcast address was configured (`ip addr add 10.0.1.7/24` without `brd +`); then
    // getifaddrs reports no usable ifa_broadaddr (glibc leaves the interface address there), which
    // directed_broadcasts() skips.
    if (i->ifa_netmask != nullptr) a.prefix_length = net::mask_prefix_length(v4(i->ifa_netmask));
    if (i->ifa_broadaddr != nullptr) a.broadcast = v4(i->ifa_broadaddr);
    out.push_back(a);
  }
  ::freeifaddrs(list);
  return out;
}

}  // namespace udplab::live
