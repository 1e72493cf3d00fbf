// Routing tables: breadth-first over segments, routers joining them.
#include <algorithm>

#include "netsim/network.hpp"

namespace udplab::netsim {

void Network::compute_routes() {
  ++routes_version_;
  // Exploration follows creation order, so equal-length paths resolve the same way every run.
  for (auto& host : hosts_) {
    host.routes_.clear();
    host.route_cache_ = nullptr;
    struct Reach {
      Interface* via;
      std::optional<net::IpAddress> gateway;
    };
    std::map<const Segment*, Reach> reached;
    std::deque<const Segment*> frontier;
    for (auto* i : host.interfaces_) {
      if (reached.count(i->segment)) continue;
      reached[i->segment] = Reach{i, std::nullopt};
      frontier.push_back(i->segment);
    }
    while (!frontier.empty()) {
      const Segment* seg = frontier.front();
      frontier.pop_front();
      const Reach here = reached[seg];
      for (auto* member : seg->members()) {
        Host* router = member->host;
        if (router == &host || !router->forwarding()) continue;
        for (auto* out : router->interfaces_) {
          if (reached.count(out->segment)) continue;
          // The first hop is the router's address on the segment next to us.
          auto gw = here.gateway ? here.gateway : std::optional<net::IpAddress>(member->address.address);
          reached[out->segment] = Reach{here.via, gw};
          frontier.push_back(out->segment);
        }
      }
    }
    for (auto& seg : segments_) {
      auto it = reached.find(&seg);
      if (it == reached.end()) continue;
      for (auto* member : seg.members()) {
        const net::Prefix network{member->address.network(), member->address.length};
        const bool known = std::any_of(host.routes_.begin(), host.routes_.end(),
                                       [&](const Route& r) { return r.destination == network; });
        if (!known) host.routes_.push_back(Route{network, it->second.via, it->second.gateway});
      }
    }
    // Longest prefix first, stable so that ties keep creation order.
    std::stable_sort(host.routes_.begin(), host.routes_.end(),
                     [](const Route& a, const Route& b) { return a.destination.length > b.destination.length; });
  }
}

const Route* Network::lookup(const Host& host, const net::IpAddress& dst) const {
  if (host.route_cache_ && host.route_cache_dst_ == dst) return host.route_cache_;
  for (const auto& r : host.routes_) {
    if (r.destination.contains(dst)) {
      host.route_cache_dst_ = dst;
      host.route_cache_ = &r;
      return &r;
    }
  }
  return nullptr;
}

}  // namespace udplab::netsim
