#include <boost/test/unit_test.hpp>

#include "net/address.hpp"

using udplab::net::Endpoint;
using udplab::net::IpAddress;
using udplab::net::Prefix;

BOOST_AUTO_TEST_SUITE(address_test)

BOOST_AUTO_TEST_CASE(parses_and_formats_ipv4) {
  auto a = IpAddress::parse("192.168.1.7");
  BOOST_REQUIRE(a);
  BOOST_TEST(a->v4_value() == 0xC0A80107u);
  BOOST_TEST(a->to_string() == "192.168.1.7");
  BOOST_TEST(a->is_private());
  BOOST_TEST(!a->is_loopback());
}

BOOST_AUTO_TEST_CASE(rejects_malformed_ipv4) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!IpAddress::parse(bad).has_value()); }
  }
  BOOST_TEST(IpAddress::parse("300.1.1.1").error().find("'300.1.1.1'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(parses_and_formats_ipv6_per_rfc5952) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"::", "::"},
      {"::1", "::1"},
      {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},  // first of two equal runs
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // a single zero group is not compressed
      {"fe80::1%3", "fe80::1%3"},
      {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
      {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.in) {
      auto a = IpAddress::parse(c.in);
      BOOST_REQUIRE(a);
      BOOST_TEST(a->to_string() == c.out);
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_malformed_ipv6) {
  for (const char* bad : {":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7:8::", "1:", "::1.2.3"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!IpAddress::parse(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(classifies_special_addresses) {
  BOOST_TEST(IpAddress::parse("255.255.255.255")->is_limited_broadcast());
  BOOST_TEST(IpAddress::parse("224.0.0.1")->is_multicast());
  BOOST_TEST(IpAddress::parse("ff02::1")->is_multicast());
  BOOST_TEST(IpAddress::parse("169.254.3.4")->is_link_local());
  BOOST_TEST(IpAddress::parse("fe80::1")->is_link_local());
  BOOST_TEST(IpAddress::parse("::1")->is_loopback());
  BOOST_TEST(IpAddress::parse("0.0.0.0")->is_unspecified());
  BOOST_TEST(IpAddress::parse("::ffff:10.1.2.3")->unmapped() == *IpAddress::parse("10.1.2.3"));
  BOOST_TEST(IpAddress::parse("fd00::1")->is_private());
}

// Sorted output (reports, maps keyed by address) relies on this order: family, then the bytes,
// then the IPv6 scope; it must not follow the members' layout in memory.
BOOST_AUTO_TEST_CASE(orders_by_family_then_bytes_then_scope) {
  auto ip = [](const char* s) { return *IpAddress::parse(s); };
  BOOST_TEST((ip("255.255.255.255") < ip("::")));  // every IPv4 address before every IPv6 one
  BOOST_TEST((ip("10.0.0.2") < ip("10.0.0.10")));
  BOOST_TEST((ip("fe80::1%9") < ip("fe80::2%1")));  // the bytes decide before the scope
  BOOST_TEST((ip("fe80::1%1") < ip("fe80::1%2")));
  BOOST_TEST((ip("fe80::1%2") != ip("fe80::1%1")));
  BOOST_TEST((*Endpoint::parse("10.0.0.1:9") < *Endpoint::parse("10.0.0.2:1")));
}

BOOST_AUTO_TEST_CASE(parses_endpoints) {
  BOOST_TEST(Endpoint::parse("10.0.0.1:7")->to_string() == "10.0.0.1:7");
  BOOST_TEST(Endpoint::parse("[::1]:69")->to_string() == "[::1]:69");
  BOOST_TEST(Endpoint::parse("10.0.0.1", 7)->port == 7);
  BOOST_TEST(!Endpoint::parse("10.0.0.1").has_value());      // port required without a default
  BOOST_TEST(!Endpoint::parse("10.0.0.1:70000").has_value());
  BOOST_TEST(!Endpoint::parse("[::1:69").has_value());
  BOOST_TEST(!Endpoint::parse("10.0.0.1:").has_value());
  auto hp = udplab::net::split_host_port("localhost:7007");
  BOOST_REQUIRE(hp);
  BOOST_TEST(hp->host == "localhost");
  BOOST_TEST(hp->port == 7007);
  BOOST_TEST(udplab::net::split_host_port("::1")->host == "::1");  // bare IPv6, no port
}

BOOST_AUTO_TEST_CASE(prefix_network_broadcast_contains) {
  auto p = Prefix::parse("10.0.1.7/24");
  BOOST_REQUIRE(p);
  BOOST_TEST(p->network().to_string() == "10.0.1.0");
  BOOST_TEST(p->broadcast().to_string() == "10.0.1.255");
  BOOST_TEST(p->contains(*IpAddress::parse("10.0.1.200")));
  BOOST_TEST(!p->contains(*IpAddress::parse("10.0.2.1")));
  auto v6 = Prefix::parse("2001:db8:abcd::1/48");
  BOOST_REQUIRE(v6);
  BOOST_TEST(v6->network().to_string() == "2001:db8:abcd::");
  BOOST_TEST(v6->contains(*IpAddress::parse("2001:db8:abcd:ffff::9")));
  BOOST_TEST(!Prefix::parse("10.0.0.1/33").has_value());
  BOOST_TEST(!Prefix::parse("10.0.0.1").has_value());
  BOOST_TEST(Prefix::parse("0.0.0.0/0")->contains(*IpAddress::parse("8.8.8.8")));
}

BOOST_AUTO_TEST_SUITE_END()
