#include "subnet/subnet.hpp"

#include <algorithm>

namespace udplab::subnet {
namespace {

using net::Family;
using net::IpAddress;

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

IpAddress from_bytes(Family family, const IpAddress::V6Bytes& b) {
  if (family == Family::v6) return IpAddress::v6(b);
  return IpAddress::v4((std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3]);
}

IpAddress bitwise_not(const IpAddress& a) {
  IpAddress::V6Bytes b = a.raw_bytes();
  for (auto& byte : b) byte = static_cast<std::uint8_t>(~byte);
  return from_bytes(a.family(), b);
}

IpAddress bitwise_or(const IpAddress& a, const IpAddress& c) {
  IpAddress::V6Bytes b = a.raw_bytes();
  for (std::size_t k = 0; k < b.size(); ++k) b[k] = static_cast<std::uint8_t>(b[k] | c.raw_bytes()[k]);
  return from_bytes(a.family(), b);
}

std::string family_name(Family f) { return f == Family::v4 ? "IPv4" : "IPv6"; }

// MASK as an address: it must match the address's family and be contiguous.
std::expected<net::Prefix, std::string> with_netmask(const IpAddress& address, std::string_view mask_text) {
  const unsigned max_length = address.is_v4() ? 32 : 128;
  auto mask = IpAddress::parse(mask_text);
  if (!mask) {
    return std::unexpected("invalid netmask " + quoted(mask_text) + " (expected a prefix length 0-" + std::to_string(max_length) +
                           (address.is_v4() ? " or a dotted netmask like 255.255.255.0)" : " or a netmask like ffff:ffff:ffff:ffff::)"));
  }
  if (mask->family() != address.family()) {
    return std::unexpected("netmask " + quoted(mask_text) + " is " + family_name(mask->family()) + " but address " +
                           quoted(address.to_string()) + " is " + family_name(address.family()));
  }
  if (auto length = net::mask_prefix_length(*mask)) return net::Prefix{address, *length};
  // A Cisco wildcard (0.0.0.255) is a common mix-up: name the netmask that was probably meant.
  if (auto inverse = net::mask_prefix_length(bitwise_not(*mask))) {
    return std::unexpected("netmask " + quoted(mask_text) + " is not contiguous; it looks like a wildcard (host) mask, for netmask " +
                           net::prefix_mask(address.family(), *inverse).to_string() + " (/" + std::to_string(*inverse) + ")");
  }
  return std::unexpected("netmask " + quoted(mask_text) + " is not contiguous (its one bits must all come first, like " +
                         (address.is_v4() ? "255.255.255.0)" : "ffff:ffff:ffff:ffff::)"));
}

}  // namespace

std::expected<net::Prefix, std::string> parse_input(std::string_view address, std::optional<std::string_view> mask) {
  const auto slash = address.find('/');
  if (slash != std::string_view::npos && mask) {
    return std::unexpected(quoted(address) + " already has a prefix length; give ADDRESS/LENGTH or ADDRESS MASK, not both");
  }
  const std::string_view host = address.substr(0, slash);
  std::optional<std::string_view> mask_text = mask;
  if (slash != std::string_view::npos) mask_text = address.substr(slash + 1);
  if (mask_text && mask_text->starts_with('/') && mask) mask_text = mask_text->substr(1);  // "ADDRESS /24"

  if (!mask_text) {
    auto a = IpAddress::parse(host);
    if (!a) return std::unexpected(a.error());
    return net::Prefix{*a, a->is_v4() ? 32u : 128u};
  }
  // Lengths go through Prefix::parse so that both spellings get the same checks and messages.
  if (mask_text->empty() || all_digits(*mask_text)) return net::Prefix::parse(std::string(host) + "/" + std::string(*mask_text));
  auto a = IpAddress::parse(host);
  if (!a) return std::unexpected(a.error());
  return with_netmask(*a, *mask_text);
}

Ipv4Class ipv4_class(const IpAddress& v4) {
  const unsigned first = v4.raw_bytes()[0];
  if (first < 128) return Ipv4Class::A;
  if (first < 192) return Ipv4Class::B;
  if (first < 224) return Ipv4Class::C;
  if (first < 240) return Ipv4Class::D;
  return Ipv4Class::E;
}

char class_letter(Ipv4Class c) { return static_cast<char>('A' + static_cast<int>(c)); }

std::string power_of_two_decimal(unsigned exponent) {
  std::string digits = "1";  // least significant digit first while doubling
  for (unsigned k = 0; k < exponent; ++k) {
    int carry = 0;
    for (char& d : digits) {
      const int v = (d - '0') * 2 + carry;
      d = static_cast<char>('0' + v % 10);
      carry = v / 10;
    }
    if (carry) digits += static_cast<char>('0' + carry);
  }
  return {digits.rbegin(), digits.rend()};
}

SubnetInfo calculate(const net::Prefix& prefix) {
  const Family family = prefix.address.family();
  // The zone (fe80::1%2) belongs to the address as typed, not to the network's figures.
  const IpAddress base = prefix.address.is_v6() ? IpAddress::v6(prefix.address.raw_bytes()) : prefix.address;

  SubnetInfo s;
  s.address = prefix.address;
  s.prefix_length = prefix.length;
  s.host_bits = prefix.max_length() - prefix.length;
  s.netmask = net::prefix_mask(family, prefix.length);
  s.wildcard = bitwise_not(s.netmask);
  s.network = net::Prefix{base, prefix.length}.network();
  const IpAddress last = bitwise_or(s.network, s.wildcard);
  s.address_count = power_of_two_decimal(s.host_bits);
  s.first_host = s.network;
  s.last_host = last;
  if (family == Family::v4) {
    s.address_class = ipv4_class(base);
    if (s.host_bits >= 2) {
      s.broadcast = last;
      s.first_host = IpAddress::v4(s.network.v4_value() + 1);
      s.last_host = IpAddress::v4(last.v4_value() - 1);
      s.usable_hosts = (std::uint64_t{1} << s.host_bits) - 2;  // 64-bit: a /0 has 2^32 - 2
    } else {
      // RFC 3021: both addresses of a /31 are hosts; a /32 is the one host it names.
      s.usable_hosts = std::uint64_t{1} << s.host_bits;
    }
  }
  s.kind = classify(net::Prefix{s.network, prefix.length});
  return s;
}

std::expected<SubnetInfo, std::string> calculate(std::string_view address, std::optional<std::string_view> mask) {
  auto prefix = parse_input(address, mask);
  if (!prefix) return std::unexpected(prefix.error());
  return calculate(*prefix);
}

}  // namespace udplab::subnet
