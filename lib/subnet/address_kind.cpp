#include "subnet/address_kind.hpp"

#include <stdexcept>
#include <vector>

namespace udplab::subnet {
namespace {

struct SpecialBlock {
  net::Prefix prefix;
  AddressKind kind;
  const char* reference;
};

const std::vector<SpecialBlock>& special_blocks() {
  static const std::vector<SpecialBlock> blocks = [] {
    struct Row {
      const char* prefix;
      AddressKind kind;
      const char* reference;
    };
    const Row rows[] = {
        {"0.0.0.0/8", AddressKind::this_network, "RFC 791"},
        {"0.0.0.0/32", AddressKind::unspecified, "RFC 1122"},
        {"10.0.0.0/8", AddressKind::private_use, "RFC 1918"},
        {"100.64.0.0/10", AddressKind::shared, "RFC 6598"},
        {"127.0.0.0/8", AddressKind::loopback, "RFC 1122"},
        {"169.254.0.0/16", AddressKind::link_local, "RFC 3927"},
        {"172.16.0.0/12", AddressKind::private_use, "RFC 1918"},
        {"192.0.2.0/24", AddressKind::documentation, "RFC 5737"},
        {"192.168.0.0/16", AddressKind::private_use, "RFC 1918"},
        {"198.18.0.0/15", AddressKind::benchmarking, "RFC 2544"},
        {"198.51.100.0/24", AddressKind::documentation, "RFC 5737"},
        {"203.0.113.0/24", AddressKind::documentation, "RFC 5737"},
        {"224.0.0.0/4", AddressKind::multicast, "RFC 5771"},
        {"240.0.0.0/4", AddressKind::reserved, "RFC 1112"},
        {"255.255.255.255/32", AddressKind::limited_broadcast, "RFC 919"},
        {"::/128", AddressKind::unspecified, "RFC 4291"},
        {"::1/128", AddressKind::loopback, "RFC 4291"},
        {"::ffff:0:0/96", AddressKind::ipv4_mapped, "RFC 4291"},
        {"2000::/3", AddressKind::global, "RFC 4291"},
        {"2001:db8::/32", AddressKind::documentation, "RFC 3849"},
        {"3fff::/20", AddressKind::documentation, "RFC 9637"},
        {"fc00::/7", AddressKind::unique_local, "RFC 4193"},
        {"fe80::/10", AddressKind::link_local, "RFC 4291"},
        {"ff00::/8", AddressKind::multicast, "RFC 4291"},
    };
    std::vector<SpecialBlock> out;
    for (const Row& row : rows) {
      auto prefix = net::Prefix::parse(row.prefix);
      if (!prefix || prefix->network() != prefix->address) throw std::logic_error("bad special block " + std::string(row.prefix));
      out.push_back({*prefix, row.kind, row.reference});
    }
    return out;
  }();
  return blocks;
}

}  // namespace

Classification classify(const net::Prefix& network) {
  const net::IpAddress base = network.address.is_v6() ? net::IpAddress::v6(network.address.raw_bytes()) : network.address;
  const SpecialBlock* best = nullptr;
  bool overlaps_a_block = false;
  for (const SpecialBlock& b : special_blocks()) {
    if (b.prefix.address.family() != base.family()) continue;
    if (b.prefix.length <= network.length && b.prefix.contains(base)) {
      if (!best || b.prefix.length > best->prefix.length) best = &b;
    } else if (b.prefix.length > network.length && net::Prefix{base, network.length}.contains(b.prefix.address)) {
      overlaps_a_block = true;
    }
  }
  if (best) return {best->kind, best->prefix.to_string(), best->reference};
  if (overlaps_a_block) return {AddressKind::mixed, "", ""};
  // Outside every block: public IPv4, or IPv6 space IANA has not allocated for global unicast.
  return {base.is_v4() ? AddressKind::global : AddressKind::reserved, "", ""};
}

std::string_view kind_name(AddressKind kind) {
  switch (kind) {
    case AddressKind::global: return "global";
    case AddressKind::unspecified: return "unspecified";
    case AddressKind::this_network: return "this network";
    case AddressKind::loopback: return "loopback";
    case AddressKind::private_use: return "private-use";
    case AddressKind::shared: return "shared address space, for carrier-grade NAT";
    case AddressKind::link_local: return "link-local";
    case AddressKind::documentation: return "documentation";
    case AddressKind::benchmarking: return "benchmarking";
    case AddressKind::multicast: return "multicast";
    case AddressKind::reserved: return "reserved";
    case AddressKind::limited_broadcast: return "limited broadcast";
    case AddressKind::ipv4_mapped: return "IPv4-mapped";
    case AddressKind::unique_local: return "unique local";
    case AddressKind::mixed: return "mixed";
  }
  return "unknown";
}

}  // namespace udplab::subnet
