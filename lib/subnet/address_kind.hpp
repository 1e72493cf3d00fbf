// What kind of addresses a network holds: private, loopback, multicast, documentation, ...
//
// The table is a deliberate subset of the IANA IPv4 and IPv6 Special-Purpose Address Registries
// (RFC 6890) plus the multicast, class E and limited broadcast blocks: the ones a teacher, an
// admin or a script asks about. A network gets the kind of the most specific block that holds all
// of it; a network that only partly overlaps special blocks (10.0.0.0/7, 0.0.0.0/0) is `mixed`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net/address.hpp"

namespace udplab::subnet {

enum class AddressKind : std::uint8_t {
  global,             // IPv4: anything not below; IPv6: 2000::/3 global unicast
  unspecified,        // 0.0.0.0/32, ::/128
  this_network,       // 0.0.0.0/8
  loopback,           // 127.0.0.0/8, ::1/128
  private_use,        // RFC 1918
  shared,             // 100.64.0.0/10, carrier-grade NAT (RFC 6598)
  link_local,         // 169.254.0.0/16, fe80::/10
  documentation,      // 192.0.2.0/24 & co., 2001:db8::/32, 3fff::/20
  benchmarking,       // 198.18.0.0/15
  multicast,          // 224.0.0.0/4, ff00::/8
  reserved,           // 240.0.0.0/4 (class E); IPv6 outside every block here
  limited_broadcast,  // 255.255.255.255/32
  ipv4_mapped,        // ::ffff:0:0/96
  unique_local,       // fc00::/7
  mixed,              // spans blocks of different kinds
};

struct Classification {
  AddressKind kind = AddressKind::global;
  std::string block;      // the special-purpose block, "10.0.0.0/8"; empty for mixed and IPv4 global
  std::string reference;  // where the block is defined, "RFC 1918"; empty when `block` is
};

// `network` must have its host bits cleared (Prefix::network()); its zone index is ignored.
Classification classify(const net::Prefix& network);

// Short lower-case names for text output: "private-use", "link-local".
std::string_view kind_name(AddressKind kind);

}  // namespace udplab::subnet
