// The subnet calculator: every figure for the edge lengths (/0, /1, /31, /32, IPv6 /0 to /128),
// every input form, every kind of address, and the exact error for each kind of bad input.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include "report/json.hpp"
#include "subnet/subnet.hpp"
#include "subnet/subnet_report.hpp"
#include "subnet/subnet_text.hpp"

using namespace udplab;
using net::IpAddress;
using subnet::AddressKind;

namespace {

subnet::SubnetInfo calc(const std::string& address, std::optional<std::string> mask = std::nullopt) {
  auto r = subnet::calculate(address, mask ? std::optional<std::string_view>(*mask) : std::nullopt);
  BOOST_REQUIRE_MESSAGE(r.has_value(), address << ": " << (r ? "" : r.error()));
  return *r;
}

std::string error_of(const std::string& address, std::optional<std::string> mask = std::nullopt) {
  auto r = subnet::calculate(address, mask ? std::optional<std::string_view>(*mask) : std::nullopt);
  BOOST_REQUIRE_MESSAGE(!r.has_value(), address << " was accepted");
  return r.error();
}

IpAddress ip(const char* text) { return IpAddress::parse(text).value(); }
std::string str(const std::optional<IpAddress>& a) { return a ? a->to_string() : "none"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(subnet_test)

BOOST_AUTO_TEST_CASE(ipv4_slash_24_with_host_bits_set) {
  const auto s = calc("192.168.1.7/24");
  BOOST_TEST(s.address.to_string() == "192.168.1.7");  // kept as given
  BOOST_TEST(s.prefix_length == 24u);
  BOOST_TEST(s.host_bits == 8u);
  BOOST_TEST(s.netmask.to_string() == "255.255.255.0");
  BOOST_TEST(s.wildcard.to_string() == "0.0.0.255");
  BOOST_TEST(s.network.to_string() == "192.168.1.0");
  BOOST_TEST(s.cidr() == "192.168.1.0/24");
  BOOST_TEST(str(s.broadcast) == "192.168.1.255");
  BOOST_TEST(s.first_host.to_string() == "192.168.1.1");
  BOOST_TEST(s.last_host.to_string() == "192.168.1.254");
  BOOST_TEST(s.address_count == "256");
  BOOST_TEST(s.usable_hosts.value_or(0) == 254u);
  BOOST_TEST(subnet::class_letter(s.address_class.value()) == 'C');
  BOOST_TEST((s.kind.kind == AddressKind::private_use));
  BOOST_TEST(s.kind.block == "192.168.0.0/16");
  BOOST_TEST(s.kind.reference == "RFC 1918");
}

BOOST_AUTO_TEST_CASE(ipv4_slash_8_and_30) {
  const auto a = calc("10.200.3.4/8");
  BOOST_TEST(a.cidr() == "10.0.0.0/8");
  BOOST_TEST(str(a.broadcast) == "10.255.255.255");
  BOOST_TEST(a.first_host.to_string() == "10.0.0.1");
  BOOST_TEST(a.last_host.to_string() == "10.255.255.254");
  BOOST_TEST(a.usable_hosts.value_or(0) == 16777214u);
  BOOST_TEST(a.address_count == "16777216");

  const auto b = calc("10.0.0.5/30");
  BOOST_TEST(b.cidr() == "10.0.0.4/30");
  BOOST_TEST(str(b.broadcast) == "10.0.0.7");
  BOOST_TEST(b.first_host.to_string() == "10.0.0.5");
  BOOST_TEST(b.last_host.to_string() == "10.0.0.6");
  BOOST_TEST(b.usable_hosts.value_or(0) == 2u);
  BOOST_TEST(b.address_count == "4");
}

BOOST_AUTO_TEST_CASE(ipv4_slash_0_counts_without_overflow) {
  const auto s = calc("1.2.3.4/0");
  BOOST_TEST(s.netmask.to_string() == "0.0.0.0");
  BOOST_TEST(s.wildcard.to_string() == "255.255.255.255");
  BOOST_TEST(s.cidr() == "0.0.0.0/0");
  BOOST_TEST(str(s.broadcast) == "255.255.255.255");
  BOOST_TEST(s.first_host.to_string() == "0.0.0.1");
  BOOST_TEST(s.last_host.to_string() == "255.255.255.254");
  BOOST_TEST(s.address_count == "4294967296");
  BOOST_TEST(s.usable_hosts.value_or(0) == 4294967294u);
  BOOST_TEST(s.host_bits == 32u);
  BOOST_TEST((s.kind.kind == AddressKind::mixed));
}

BOOST_AUTO_TEST_CASE(ipv4_slash_1) {
  const auto s = calc("200.1.2.3/1");
  BOOST_TEST(s.cidr() == "128.0.0.0/1");
  BOOST_TEST(str(s.broadcast) == "255.255.255.255");
  BOOST_TEST(s.first_host.to_string() == "128.0.0.1");
  BOOST_TEST(s.last_host.to_string() == "255.255.255.254");
  BOOST_TEST(s.usable_hosts.value_or(0) == 2147483646u);
  BOOST_TEST(subnet::class_letter(s.address_class.value()) == 'C');  // of the address, not the network
}

BOOST_AUTO_TEST_CASE(slash_31_is_a_point_to_point_link_per_rfc_3021) {
  const auto s = calc("10.0.0.1/31");
  BOOST_TEST(s.cidr() == "10.0.0.0/31");
  BOOST_TEST(!s.broadcast.has_value());
  BOOST_TEST(s.first_host.to_string() == "10.0.0.0");
  BOOST_TEST(s.last_host.to_string() == "10.0.0.1");
  BOOST_TEST(s.usable_hosts.value_or(0) == 2u);
  BOOST_TEST(s.address_count == "2");
}

BOOST_AUTO_TEST_CASE(slash_32_is_one_host) {
  const auto s = calc("10.0.0.9/32");
  BOOST_TEST(s.cidr() == "10.0.0.9/32");
  BOOST_TEST(!s.broadcast.has_value());
  BOOST_TEST(s.first_host.to_string() == "10.0.0.9");
  BOOST_TEST(s.last_host.to_string() == "10.0.0.9");
  BOOST_TEST(s.usable_hosts.value_or(0) == 1u);
  BOOST_TEST(s.address_count == "1");
  BOOST_TEST(s.wildcard.to_string() == "0.0.0.0");
}

BOOST_AUTO_TEST_CASE(every_ipv4_length_is_self_consistent) {
  const IpAddress a = ip("172.31.77.201");
  for (unsigned len = 0; len <= 32; ++len) {
    BOOST_TEST_CONTEXT("/" << len) {
      const auto s = subnet::calculate(net::Prefix{a, len});
      const net::Prefix p{a, len};
      BOOST_TEST(s.network == p.network());
      BOOST_TEST(p.contains(s.first_host));
      BOOST_TEST(p.contains(s.last_host));
      const std::uint64_t span = std::uint64_t{s.last_host.v4_value()} - s.first_host.v4_value() + 1;
      BOOST_TEST(s.usable_hosts.value_or(0) == span);
      BOOST_TEST(s.address_count == std::to_string(std::uint64_t{1} << (32 - len)));
      BOOST_TEST(s.broadcast.has_value() == (len <= 30));
      if (s.broadcast) BOOST_TEST(*s.broadcast == p.broadcast());
      BOOST_TEST((s.netmask.v4_value() | s.wildcard.v4_value()) == 0xFFFFFFFFu);
    }
  }
}

BOOST_AUTO_TEST_CASE(input_forms_agree) {
  const std::string want = "192.168.1.0/24";
  BOOST_TEST(calc("192.168.1.7", "255.255.255.0").cidr() == want);
  BOOST_TEST(calc("192.168.1.7", "24").cidr() == want);
  BOOST_TEST(calc("192.168.1.7", "/24").cidr() == want);
  BOOST_TEST(calc("192.168.1.7/255.255.255.0").cidr() == want);
  BOOST_TEST(calc("192.168.1.7", "0.0.0.0").cidr() == "0.0.0.0/0");
  BOOST_TEST(calc("192.168.1.7", "255.255.255.255").cidr() == "192.168.1.7/32");
  BOOST_TEST(calc("192.168.1.7", "255.255.255.254").cidr() == "192.168.1.6/31");
  BOOST_TEST(calc("2001:db8::1", "ffff:ffff:ffff:ffff::").cidr() == "2001:db8::/64");
  BOOST_TEST(calc("2001:db8::1", "48").cidr() == "2001:db8::/48");
}

BOOST_AUTO_TEST_CASE(bare_address_is_a_single_host) {
  const auto v4 = calc("192.0.2.33");
  BOOST_TEST(v4.prefix_length == 32u);
  BOOST_TEST(v4.usable_hosts.value_or(0) == 1u);
  const auto v6 = calc("2001:db8::5");
  BOOST_TEST(v6.prefix_length == 128u);
  BOOST_TEST(v6.address_count == "1");
}

BOOST_AUTO_TEST_CASE(bad_input_gets_an_exact_error) {
  BOOST_TEST(error_of("192.168.1.256/24") == "invalid IPv4 address '192.168.1.256' (expected four decimal octets 0-255, like 192.0.2.1)");
  BOOST_TEST(error_of("10.0.0.1/33") == "invalid prefix length '33' in '10.0.0.1/33' (0-32)");
  BOOST_TEST(error_of("10.0.0.1", "33") == "invalid prefix length '33' in '10.0.0.1/33' (0-32)");
  BOOST_TEST(error_of("2001:db8::/129") == "invalid prefix length '129' in '2001:db8::/129' (0-128)");
  BOOST_TEST(error_of("10.0.0.1/") == "invalid prefix length '' in '10.0.0.1/' (0-32)");
  BOOST_TEST(error_of("garbage") == "invalid IPv4 address 'garbage' (expected four decimal octets 0-255, like 192.0.2.1)");
  BOOST_TEST(error_of("") == "empty address");
  BOOST_TEST(error_of("1:2:3/64") == "invalid IPv6 address '1:2:3': eight groups are needed unless '::' is used");
  BOOST_TEST(error_of("10.0.0.1/24", "255.0.0.0") ==
             "'10.0.0.1/24' already has a prefix length; give ADDRESS/LENGTH or ADDRESS MASK, not both");
  BOOST_TEST(error_of("10.0.0.1", "255.255.255") ==
             "invalid netmask '255.255.255' (expected a prefix length 0-32 or a dotted netmask like 255.255.255.0)");
  BOOST_TEST(error_of("10.0.0.1/24x") ==
             "invalid netmask '24x' (expected a prefix length 0-32 or a dotted netmask like 255.255.255.0)");
  BOOST_TEST(error_of("10.0.0.1", "-8") ==
             "invalid netmask '-8' (expected a prefix length 0-32 or a dotted netmask like 255.255.255.0)");
  BOOST_TEST(error_of("bad", "255.0.0.0") == "invalid IPv4 address 'bad' (expected four decimal octets 0-255, like 192.0.2.1)");
}

BOOST_AUTO_TEST_CASE(mixed_families_are_rejected) {
  BOOST_TEST(error_of("10.0.0.1", "ffff:ffff::") == "netmask 'ffff:ffff::' is IPv6 but address '10.0.0.1' is IPv4");
  BOOST_TEST(error_of("2001:db8::1", "255.255.0.0") == "netmask '255.255.0.0' is IPv4 but address '2001:db8::1' is IPv6");
  BOOST_TEST(error_of("10.0.0.1/ffff::") == "netmask 'ffff::' is IPv6 but address '10.0.0.1' is IPv4");
}

BOOST_AUTO_TEST_CASE(non_contiguous_masks_are_rejected_naming_the_mask) {
  BOOST_TEST(error_of("10.1.2.3", "255.0.255.0") ==
             "netmask '255.0.255.0' is not contiguous (its one bits must all come first, like 255.255.255.0)");
  BOOST_TEST(error_of("10.1.2.3/255.255.255.1") ==
             "netmask '255.255.255.1' is not contiguous (its one bits must all come first, like 255.255.255.0)");
  BOOST_TEST(error_of("10.1.2.3", "0.0.0.255") ==
             "netmask '0.0.0.255' is not contiguous; it looks like a wildcard (host) mask, for netmask 255.255.255.0 (/24)");
  BOOST_TEST(error_of("2001:db8::1", "ffff::ffff") ==
             "netmask 'ffff::ffff' is not contiguous (its one bits must all come first, like ffff:ffff:ffff:ffff::)");
}

BOOST_AUTO_TEST_CASE(netmask_and_prefix_length_round_trip) {
  for (unsigned len = 0; len <= 32; ++len) {
    const IpAddress m = net::prefix_mask(net::Family::v4, len);
    BOOST_TEST(net::mask_prefix_length(m).value_or(99) == len);
  }
  for (unsigned len = 0; len <= 128; ++len) {
    const IpAddress m = net::prefix_mask(net::Family::v6, len);
    BOOST_TEST(m.is_v6());
    BOOST_TEST(net::mask_prefix_length(m).value_or(999) == len);
  }
  BOOST_TEST(net::prefix_mask(net::Family::v4, 20).to_string() == "255.255.240.0");
  BOOST_TEST(net::prefix_mask(net::Family::v6, 65).to_string() == "ffff:ffff:ffff:ffff:8000::");
  BOOST_TEST(!net::mask_prefix_length(ip("255.255.0.255")).has_value());
  BOOST_TEST(!net::mask_prefix_length(ip("128.0.0.1")).has_value());
  BOOST_TEST(!net::mask_prefix_length(ip("::1")).has_value());
}

BOOST_AUTO_TEST_CASE(ipv6_slash_64) {
  const auto s = calc("2001:db8:1:2:3:4:5:6/64");
  BOOST_TEST(s.netmask.to_string() == "ffff:ffff:ffff:ffff::");
  BOOST_TEST(s.wildcard.to_string() == "::ffff:ffff:ffff:ffff");
  BOOST_TEST(s.cidr() == "2001:db8:1:2::/64");
  BOOST_TEST(!s.broadcast.has_value());
  BOOST_TEST(s.first_host.to_string() == "2001:db8:1:2::");
  BOOST_TEST(s.last_host.to_string() == "2001:db8:1:2:ffff:ffff:ffff:ffff");
  BOOST_TEST(s.address_count == "18446744073709551616");
  BOOST_TEST(!s.usable_hosts.has_value());
  BOOST_TEST(!s.address_class.has_value());
  BOOST_TEST((s.kind.kind == AddressKind::documentation));
  BOOST_TEST(s.kind.reference == "RFC 3849");
}

BOOST_AUTO_TEST_CASE(ipv6_slash_0_127_128) {
  const auto all = calc("2001:db8::1/0");
  BOOST_TEST(all.cidr() == "::/0");
  BOOST_TEST(all.last_host.to_string() == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  BOOST_TEST(all.address_count == "340282366920938463463374607431768211456");
  BOOST_TEST((all.kind.kind == AddressKind::mixed));

  const auto p2p = calc("2001:db8::7/127");
  BOOST_TEST(p2p.cidr() == "2001:db8::6/127");
  BOOST_TEST(p2p.first_host.to_string() == "2001:db8::6");
  BOOST_TEST(p2p.last_host.to_string() == "2001:db8::7");
  BOOST_TEST(p2p.address_count == "2");

  const auto one = calc("2001:db8::7/128");
  BOOST_TEST(one.first_host == one.last_host);
  BOOST_TEST(one.address_count == "1");
  BOOST_TEST(one.wildcard.to_string() == "::");
}

BOOST_AUTO_TEST_CASE(ipv6_zone_stays_on_the_address_only) {
  const auto s = calc("fe80::1%2/64");
  BOOST_TEST(s.address.to_string() == "fe80::1%2");
  BOOST_TEST(s.cidr() == "fe80::/64");
  BOOST_TEST(s.last_host.to_string() == "fe80::ffff:ffff:ffff:ffff");
  BOOST_TEST((s.kind.kind == AddressKind::link_local));
}

BOOST_AUTO_TEST_CASE(every_kind_of_address) {
  struct Case {
    const char* network;
    AddressKind kind;
    const char* block;
  } cases[] = {
      {"8.8.8.8/32", AddressKind::global, ""},
      {"0.0.0.0/32", AddressKind::unspecified, "0.0.0.0/32"},
      {"0.1.2.3/16", AddressKind::this_network, "0.0.0.0/8"},
      {"127.0.0.1/8", AddressKind::loopback, "127.0.0.0/8"},
      {"10.9.8.7/16", AddressKind::private_use, "10.0.0.0/8"},
      {"172.20.0.1/24", AddressKind::private_use, "172.16.0.0/12"},
      {"172.32.0.1/24", AddressKind::global, ""},  // just past 172.16.0.0/12
      {"100.64.0.1/10", AddressKind::shared, "100.64.0.0/10"},
      {"100.128.0.1/24", AddressKind::global, ""},  // just past 100.64.0.0/10
      {"169.254.10.20/16", AddressKind::link_local, "169.254.0.0/16"},
      {"192.0.2.1/24", AddressKind::documentation, "192.0.2.0/24"},
      {"198.51.100.9/25", AddressKind::documentation, "198.51.100.0/24"},
      {"203.0.113.200/30", AddressKind::documentation, "203.0.113.0/24"},
      {"198.19.0.1/24", AddressKind::benchmarking, "198.18.0.0/15"},
      {"239.1.2.3/8", AddressKind::multicast, "224.0.0.0/4"},
      {"250.0.0.1/8", AddressKind::reserved, "240.0.0.0/4"},
      {"255.255.255.255/32", AddressKind::limited_broadcast, "255.255.255.255/32"},
      {"255.255.255.255/31", AddressKind::reserved, "240.0.0.0/4"},
      {"10.0.0.0/7", AddressKind::mixed, ""},
      {"192.0.0.0/16", AddressKind::mixed, ""},  // holds 192.0.2.0/24
      {"::/128", AddressKind::unspecified, "::/128"},
      {"::1/128", AddressKind::loopback, "::1/128"},
      {"::/127", AddressKind::mixed, ""},
      {"::ffff:10.0.0.1/120", AddressKind::ipv4_mapped, "::ffff:0.0.0.0/96"},  // RFC 5952 section 5 form
      {"fe80::1/64", AddressKind::link_local, "fe80::/10"},
      {"febf::1/16", AddressKind::link_local, "fe80::/10"},
      {"fd12:3456::1/48", AddressKind::unique_local, "fc00::/7"},
      {"ff02::1/128", AddressKind::multicast, "ff00::/8"},
      {"2001:db8:5::/48", AddressKind::documentation, "2001:db8::/32"},
      {"3fff:123::/32", AddressKind::documentation, "3fff::/20"},
      {"2606:4700::1111/128", AddressKind::global, "2000::/3"},
      {"2000::/3", AddressKind::global, "2000::/3"},
      {"2000::/2", AddressKind::mixed, ""},
      {"4000::1/16", AddressKind::reserved, ""},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.network) {
      const auto s = calc(c.network);
      BOOST_TEST(subnet::kind_name(s.kind.kind) == subnet::kind_name(c.kind));
      BOOST_TEST(s.kind.block == c.block);
      BOOST_TEST(s.kind.reference.empty() == s.kind.block.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(classful_classes_at_their_boundaries) {
  const std::pair<const char*, char> cases[] = {{"0.0.0.0", 'A'},   {"127.255.255.255", 'A'}, {"128.0.0.0", 'B'},
                                                {"191.255.0.0", 'B'}, {"192.0.0.0", 'C'},       {"223.255.255.255", 'C'},
                                                {"224.0.0.0", 'D'},   {"239.255.255.255", 'D'}, {"240.0.0.0", 'E'},
                                                {"255.255.255.255", 'E'}};
  for (const auto& [address, letter] : cases)
    BOOST_TEST(subnet::class_letter(subnet::ipv4_class(ip(address))) == letter, address);
}

BOOST_AUTO_TEST_CASE(powers_of_two_in_decimal) {
  BOOST_TEST(subnet::power_of_two_decimal(0) == "1");
  BOOST_TEST(subnet::power_of_two_decimal(1) == "2");
  BOOST_TEST(subnet::power_of_two_decimal(10) == "1024");
  BOOST_TEST(subnet::power_of_two_decimal(32) == "4294967296");
  BOOST_TEST(subnet::power_of_two_decimal(63) == "9223372036854775808");
  BOOST_TEST(subnet::power_of_two_decimal(64) == "18446744073709551616");
  BOOST_TEST(subnet::power_of_two_decimal(127) == "170141183460469231731687303715884105728");
  BOOST_TEST(subnet::power_of_two_decimal(128) == "340282366920938463463374607431768211456");
}

BOOST_AUTO_TEST_CASE(text_is_aligned_with_a_binary_column) {
  const std::string text = subnet::render_text(calc("192.168.1.7/24"));
  BOOST_TEST(text.find("Address:       192.168.1.7          11000000.10101000.00000001. 00000111\n") != std::string::npos, text);
  BOOST_TEST(text.find("Netmask:       255.255.255.0 = 24   11111111.11111111.11111111. 00000000\n") != std::string::npos, text);
  BOOST_TEST(text.find("Broadcast:     192.168.1.255        11000000.10101000.00000001. 11111111\n") != std::string::npos, text);
  BOOST_TEST(text.find("Usable hosts:  254 ") != std::string::npos, text);
  BOOST_TEST(text.find("Kind:          private-use (192.168.0.0/16, RFC 1918)\n") != std::string::npos, text);
  const std::string plain = subnet::render_text(calc("192.168.1.7/24"), {.binary = false});
  BOOST_TEST(plain.find("Address:       192.168.1.7\n") != std::string::npos, plain);
  BOOST_TEST(plain.find("0000") == std::string::npos, plain);
}

BOOST_AUTO_TEST_CASE(text_explains_missing_broadcasts) {
  BOOST_TEST(subnet::render_text(calc("10.0.0.0/31")).find("Broadcast:     none: a /31 is a point-to-point link (RFC 3021)\n") !=
             std::string::npos);
  BOOST_TEST(subnet::render_text(calc("10.0.0.0/32")).find("Broadcast:     none: a /32 is a single host\n") != std::string::npos);
  const std::string v6 = subnet::render_text(calc("2001:db8::1/64"));
  BOOST_TEST(v6.find("Broadcast:     none: IPv6 has no broadcast") != std::string::npos, v6);
  BOOST_TEST(v6.find("Expanded:      2001:0db8:0000:0000:0000:0000:0000:0001\n") != std::string::npos, v6);
  BOOST_TEST(v6.find("Addresses:     18446744073709551616 (2^64)\n") != std::string::npos, v6);
}

BOOST_AUTO_TEST_CASE(binary_marks_where_the_host_part_begins) {
  BOOST_TEST(subnet::binary_dotted(ip("192.168.1.7"), 24) == "11000000.10101000.00000001. 00000111");
  BOOST_TEST(subnet::binary_dotted(ip("10.0.0.1"), 12) == "00001010.0000 0000.00000000.00000001");
  BOOST_TEST(subnet::binary_dotted(ip("10.0.0.1"), 0) == "00001010.00000000.00000000.00000001");
  BOOST_TEST(subnet::binary_dotted(ip("10.0.0.1"), 32) == "00001010.00000000.00000000.00000001");
}

BOOST_AUTO_TEST_CASE(report_leaves_out_what_does_not_apply) {
  const auto v4 = subnet::make_subnet_report(calc("10.0.0.1/31"));
  BOOST_TEST(!v4.has_broadcast());
  BOOST_TEST(v4.has_usable_hosts());
  BOOST_TEST(v4.usable_hosts() == 2u);
  BOOST_TEST(v4.address_class() == "A");
  BOOST_TEST(v4.kind() == v1::ADDRESS_KIND_PRIVATE_USE);
  const std::string json = report::to_json(v4, false);
  BOOST_TEST(json.find("\"broadcast\"") == std::string::npos, json);
  BOOST_TEST(json.find("\"usable_hosts\":2,") != std::string::npos, json);
  BOOST_TEST(json.find("\"kind\":\"ADDRESS_KIND_PRIVATE_USE\"") != std::string::npos, json);

  const auto v6 = subnet::make_subnet_report(calc("::/0"));
  BOOST_TEST(v6.family() == "ipv6");
  BOOST_TEST(!v6.has_usable_hosts());
  BOOST_TEST(!v6.has_address_class());
  BOOST_TEST(report::to_json(v6, false).find("\"address_count\":\"340282366920938463463374607431768211456\"") != std::string::npos);

  const auto with_broadcast = subnet::make_subnet_report(calc("10.0.0.1/30"));
  BOOST_TEST(with_broadcast.broadcast() == "10.0.0.3");
}

BOOST_AUTO_TEST_CASE(every_kind_has_a_proto_value_and_a_name) {
  for (int k = 0; k <= static_cast<int>(AddressKind::mixed); ++k) {
    const auto kind = static_cast<AddressKind>(k);
    BOOST_TEST(subnet::to_proto(kind) != v1::ADDRESS_KIND_UNKNOWN, k);
    BOOST_TEST(subnet::kind_name(kind) != "unknown", k);
  }
}

BOOST_AUTO_TEST_SUITE_END()
