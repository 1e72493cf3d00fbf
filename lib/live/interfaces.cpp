#include "live/interfaces.hpp"

#include <algorithm>

namespace udplab::live {

std::vector<net::IpAddress> directed_broadcasts(std::span<const InterfaceAddress> interfaces) {
  std::vector<net::IpAddress> out;
  auto add = [&out](const net::IpAddress& a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  for (const InterfaceAddress& i : interfaces) {
    if (!i.address.is_v4()) continue;
    if (i.prefix_length && *i.prefix_length < 31) add(net::Prefix{i.address, *i.prefix_length}.broadcast());
    if (i.broadcast && i.broadcast->is_v4() && *i.broadcast != i.address && !i.broadcast->is_unspecified())
      add(*i.broadcast);
  }
  return out;
}

}  // namespace udplab::live
