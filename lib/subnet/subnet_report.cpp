#include "subnet/subnet_report.hpp"

namespace udplab::subnet {

v1::AddressKind to_proto(AddressKind kind) {
  switch (kind) {
    case AddressKind::global: return v1::ADDRESS_KIND_GLOBAL;
    case AddressKind::unspecified: return v1::ADDRESS_KIND_UNSPECIFIED;
    case AddressKind::this_network: return v1::ADDRESS_KIND_THIS_NETWORK;
    case AddressKind::loopback: return v1::ADDRESS_KIND_LOOPBACK;
    case AddressKind::private_use: return v1::ADDRESS_KIND_PRIVATE_USE;
    case AddressKind::shared: return v1::ADDRESS_KIND_SHARED;
    case AddressKind::link_local: return v1::ADDRESS_KIND_LINK_LOCAL;
    case AddressKind::documentation: return v1::ADDRESS_KIND_DOCUMENTATION;
    case AddressKind::benchmarking: return v1::ADDRESS_KIND_BENCHMARKING;
    case AddressKind::multicast: return v1::ADDRESS_KIND_MULTICAST;
    case AddressKind::reserved: return v1::ADDRESS_KIND_RESERVED;
    case AddressKind::limited_broadcast: return v1::ADDRESS_KIND_LIMITED_BROADCAST;
    case AddressKind::ipv4_mapped: return v1::ADDRESS_KIND_IPV4_MAPPED;
    case AddressKind::unique_local: return v1::ADDRESS_KIND_UNIQUE_LOCAL;
    case AddressKind::mixed: return v1::ADDRESS_KIND_MIXED;
  }
  return v1::ADDRESS_KIND_UNKNOWN;
}

v1::SubnetReport make_subnet_report(const SubnetInfo& s) {
  v1::SubnetReport r;
  r.set_family(s.address.is_v4() ? "ipv4" : "ipv6");
  r.set_address(s.address.to_string());
  r.set_prefix_length(s.prefix_length);
  r.set_host_bits(s.host_bits);
  r.set_netmask(s.netmask.to_string());
  r.set_wildcard(s.wildcard.to_string());
  r.set_network(s.network.to_string());
  r.set_cidr(s.cidr());
  if (s.broadcast) r.set_broadcast(s.broadcast->to_string());
  r.set_first_host(s.first_host.to_string());
  r.set_last_host(s.last_host.to_string());
  r.set_address_count(s.address_count);
  if (s.usable_hosts) r.set_usable_hosts(*s.usable_hosts);
  if (s.address_class) r.set_address_class(std::string(1, class_letter(*s.address_class)));
  r.set_kind(to_proto(s.kind.kind));
  r.set_kind_block(s.kind.block);
  r.set_kind_reference(s.kind.reference);
  return r;
}

}  // namespace udplab::subnet
