// The interfaces seam on Windows: GetAdaptersAddresses (iphlpapi). Windows reports no broadcast
// address per interface; each unicast address's on-link prefix length gives its subnet's.
#include "live/interfaces.hpp"

#include <cstdint>
#include <memory>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>

namespace udplab::live {
namespace {

// IP_ADAPTER_ADDRESSES lists, asked for with the recommended 15 KB first and then with the size
// the call says it needs (adapters may appear between two calls: a few tries).
std::unique_ptr<std::byte[]> adapter_list() {
  constexpr ULONG kFlags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER |
                           GAA_FLAG_SKIP_FRIENDLY_NAME;
  ULONG size = 15 * 1024;
  for (int attempt = 0; attempt < 4; ++attempt) {
    // operator new[] aligns for any fundamental type, as the structures need.
    auto buffer = std::make_unique<std::byte[]>(size);
    auto* first = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.get());
    const ULONG result = ::GetAdaptersAddresses(AF_INET, kFlags, nullptr, first, &size);
    if (result == ERROR_SUCCESS) return buffer;
    if (result != ERROR_BUFFER_OVERFLOW) return nullptr;  // ERROR_NO_DATA: no IPv4 adapter at all
  }
  return nullptr;
}

bool can_broadcast(const IP_ADAPTER_ADDRESSES& adapter) {
  if (adapter.OperStatus != IfOperStatusUp) return false;
  switch (adapter.IfType) {
    case IF_TYPE_SOFTWARE_LOOPBACK:
    case IF_TYPE_TUNNEL:
    case IF_TYPE_PPP:
      return false;
    default:
      return true;
  }
}

}  // namespace

std::vector<InterfaceAddress> broadcast_capable_addresses() {
  std::vector<InterfaceAddress> out;
  const auto list = adapter_list();
  if (!list) return out;
  for (auto* adapter = reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(list.get()); adapter != nullptr;
       adapter = adapter->Next) {
    if (!can_broadcast(*adapter)) continue;
    for (const IP_ADAPTER_UNICAST_ADDRESS* u = adapter->FirstUnicastAddress; u != nullptr; u = u->Next) {
      const sockaddr* sa = u->Address.lpSockaddr;
      if (sa == nullptr || sa->sa_family != AF_INET) continue;
      // Tentative (duplicate address detection still running), duplicate or invalid addresses are
      // not in use.
      if (u->DadState != IpDadStatePreferred && u->DadState != IpDadStateDeprecated) continue;
      const auto* sin = reinterpret_cast<const sockaddr_in*>(sa);
      const net::IpAddress address = net::IpAddress::v4(ntohl(sin->sin_addr.s_addr));
      if (address.is_loopback() || u->OnLinkPrefixLength > 32) continue;
      out.push_back({address, static_cast<unsigned>(u->OnLinkPrefixLength), std::nullopt});
    }
  }
  return out;
}

}  // namespace udplab::live
