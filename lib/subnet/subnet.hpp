// The subnet (CIDR) calculator: pure functions from what a user typed to every figure of the
// network, with no I/O. `udplab subnet` renders the result as text (subnet_text.hpp) or as a
// SubnetReport message (subnet_report.hpp).
//
// Edge cases follow RFC 3021 and common tools: an IPv4 /31 is a point-to-point link whose two
// addresses are both hosts and which has no broadcast address; a /32 is a single host. IPv6 has
// no broadcast at all, so its first and last host are simply the first and last address.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "net/address.hpp"
#include "subnet/address_kind.hpp"

namespace udplab::subnet {

// The accepted input forms, one or two words:
//   ADDRESS/LENGTH          192.168.1.7/24, 2001:db8::1/64
//   ADDRESS/MASK            192.168.1.7/255.255.255.0
//   ADDRESS MASK            192.168.1.7 255.255.255.0 (also "24" or "/24" as MASK)
//   ADDRESS                 a single host: /32 for IPv4, /128 for IPv6
// A MASK must be contiguous and of the address's family. The error text names what was wrong.
std::expected<net::Prefix, std::string> parse_input(std::string_view address, std::optional<std::string_view> mask = std::nullopt);

// IPv4 classful class, informational only (CIDR replaced classes in 1993).
enum class Ipv4Class : std::uint8_t { A, B, C, D, E };
Ipv4Class ipv4_class(const net::IpAddress& v4);
char class_letter(Ipv4Class c);

struct SubnetInfo {
  net::IpAddress address;  // as given, host bits and zone kept
  unsigned prefix_length = 0;
  unsigned host_bits = 0;  // 32 or 128 minus prefix_length
  net::IpAddress netmask;
  net::IpAddress wildcard;  // the host mask: netmask inverted
  net::IpAddress network;
  // The directed broadcast address: IPv4 with a prefix of 30 or shorter only.
  std::optional<net::IpAddress> broadcast;
  // IPv4: first and last usable host (both addresses of a /31, the address itself for a /32).
  // IPv6: first and last address of the prefix.
  net::IpAddress first_host;
  net::IpAddress last_host;
  // 2^host_bits as an exact decimal number (2^128 fits no built-in integer).
  std::string address_count;
  // IPv4 only: usable hosts, 2^host_bits - 2 (2 for /31, 1 for /32).
  std::optional<std::uint64_t> usable_hosts;
  std::optional<Ipv4Class> address_class;  // IPv4 only, of `address`
  Classification kind;                     // of the whole network

  std::string cidr() const { return network.to_string() + "/" + std::to_string(prefix_length); }
};

SubnetInfo calculate(const net::Prefix& prefix);
// parse_input() then calculate().
std::expected<SubnetInfo, std::string> calculate(std::string_view address, std::optional<std::string_view> mask = std::nullopt);

// 2^exponent in decimal, exactly: 128 -> "340282366920938463463374607431768211456".
std::string power_of_two_decimal(unsigned exponent);

}  // namespace udplab::subnet
