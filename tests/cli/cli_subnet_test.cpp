// udplab subnet through the binary: text and JSON output, exit codes, one-line errors, --help.
#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/subnet.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {

v1::SubnetReport json_report(const std::vector<std::string>& args) {
  auto r = run_udplab(args);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.empty(), r.err);
  v1::SubnetReport report;
  auto status = google::protobuf::util::JsonStringToMessage(r.out, &report);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString() << "\n" << r.out);
  return report;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_subnet_test)

BOOST_AUTO_TEST_CASE(text_output_is_aligned_with_binary) {
  auto r = run_udplab({"subnet", "192.168.1.7/24"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.empty(), r.err);
  BOOST_TEST(r.out.rfind("Address:       192.168.1.7          11000000.10101000.00000001. 00000111\n", 0) == 0u, r.out);
  for (const char* line : {"Network:       192.168.1.0/24       11000000.10101000.00000001. 00000000\n",
                           "Broadcast:     192.168.1.255        ", "First host:    192.168.1.1          ",
                           "Last host:     192.168.1.254        ", "Addresses:     256 (2^8)\n", "Usable hosts:  254 ",
                           "Class:         C ", "Kind:          private-use (192.168.0.0/16, RFC 1918)\n"})
    BOOST_TEST(r.out.find(line) != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(every_spelling_of_the_mask_prints_the_same) {
  const auto slash = run_udplab({"subnet", "192.168.1.7/24"}).out;
  BOOST_TEST(run_udplab({"subnet", "192.168.1.7", "255.255.255.0"}).out == slash);
  BOOST_TEST(run_udplab({"subnet", "192.168.1.7", "/24"}).out == slash);
  BOOST_TEST(run_udplab({"subnet", "192.168.1.7/255.255.255.0"}).out == slash);
  BOOST_TEST(run_udplab({"subnet", "--address", "192.168.1.7", "--mask", "24"}).out == slash);
}

BOOST_AUTO_TEST_CASE(no_binary_leaves_out_the_binary_column) {
  auto r = run_udplab({"subnet", "10.0.0.1/8", "--no-binary"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("Address:       10.0.0.1\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("00001010") == std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(ipv6_text) {
  auto r = run_udplab({"subnet", "::1"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("Network:       ::1/128\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Kind:          loopback (::1/128, RFC 4291)\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Broadcast:     none: IPv6 has no broadcast") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(json_parses_back_into_the_message) {
  const auto r = json_report({"subnet", "172.16.5.4/20", "--json"});
  BOOST_TEST(r.family() == "ipv4");
  BOOST_TEST(r.address() == "172.16.5.4");
  BOOST_TEST(r.cidr() == "172.16.0.0/20");
  BOOST_TEST(r.netmask() == "255.255.240.0");
  BOOST_TEST(r.wildcard() == "0.0.15.255");
  BOOST_TEST(r.broadcast() == "172.16.15.255");
  BOOST_TEST(r.first_host() == "172.16.0.1");
  BOOST_TEST(r.last_host() == "172.16.15.254");
  BOOST_TEST(r.address_count() == "4096");
  BOOST_TEST(r.usable_hosts() == 4094u);
  BOOST_TEST(r.address_class() == "B");
  BOOST_TEST(r.kind() == v1::ADDRESS_KIND_PRIVATE_USE);
  BOOST_TEST(r.kind_block() == "172.16.0.0/12");
}

BOOST_AUTO_TEST_CASE(json_leaves_out_the_broadcast_of_a_slash_31) {
  auto raw = run_udplab({"subnet", "10.0.0.1/31", "--json"});
  BOOST_TEST(raw.out.find("\"broadcast\"") == std::string::npos, raw.out);
  const auto r = json_report({"subnet", "10.0.0.1/31", "--json"});
  BOOST_TEST(!r.has_broadcast());
  BOOST_TEST(r.first_host() == "10.0.0.0");
  BOOST_TEST(r.last_host() == "10.0.0.1");
  BOOST_TEST(r.usable_hosts() == 2u);
}

BOOST_AUTO_TEST_CASE(json_counts_ipv6_exactly_as_a_string) {
  auto raw = run_udplab({"subnet", "::/0", "--json"});
  BOOST_TEST(raw.out.find("\"address_count\": \"340282366920938463463374607431768211456\"") != std::string::npos, raw.out);
  const auto r = json_report({"subnet", "2001:db8::1/64", "--json"});
  BOOST_TEST(r.family() == "ipv6");
  BOOST_TEST(r.cidr() == "2001:db8::/64");
  BOOST_TEST(!r.has_broadcast());
  BOOST_TEST(!r.has_usable_hosts());
  BOOST_TEST(r.address_count() == "18446744073709551616");
  BOOST_TEST(r.last_host() == "2001:db8::ffff:ffff:ffff:ffff");
  BOOST_TEST(r.kind() == v1::ADDRESS_KIND_DOCUMENTATION);
}

BOOST_AUTO_TEST_CASE(bad_input_is_one_line_and_exit_2) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {{"subnet", "10.1.2.3", "255.0.255.0"}, "udplab subnet: netmask '255.0.255.0' is not contiguous"},
      {{"subnet", "10.1.2.3/33"}, "udplab subnet: invalid prefix length '33' in '10.1.2.3/33' (0-32)"},
      {{"subnet", "10.1.2.300/24"}, "udplab subnet: invalid IPv4 address '10.1.2.300'"},
      {{"subnet", "hello"}, "udplab subnet: invalid IPv4 address 'hello'"},
      {{"subnet", "10.0.0.1", "ffff::"}, "udplab subnet: netmask 'ffff::' is IPv6 but address '10.0.0.1' is IPv4"},
      {{"subnet", "10.0.0.1/8", "255.0.0.0"}, "already has a prefix length"},
      {{"subnet", "2001:db8::/200", "--json"}, "invalid prefix length '200'"},
      {{"subnet"}, "udplab subnet: missing ADDRESS[/LENGTH]"},
      {{"subnet", "10.0.0.1", "24", "extra"}, "too many positional options"},
      {{"subnet", "10.0.0.1", "--bogus"}, "--bogus"},
      {{"subnet", "10.0.0.1", "-24"}, "udplab subnet: "},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.args.back()) {
      auto r = run_udplab(c.args);
      check_one_line_error(r, 2, c.message);
      BOOST_TEST(r.out.empty(), r.out);
    }
  }
}

BOOST_AUTO_TEST_CASE(help_explains_forms_edge_cases_and_options) {
  auto r = run_udplab({"subnet", "--help"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.rfind("Usage: udplab subnet ADDRESS[/LENGTH] [MASK]", 0) == 0u, r.out);
  for (const char* part : {"Examples:", "udplab subnet 192.168.1.7 255.255.255.0", "--json", "--no-binary", "RFC 3021",
                           "/32", "/128", "IPv6 has no broadcast", "contiguous"})
    BOOST_TEST(r.out.find(part) != std::string::npos, part);
  auto top = run_udplab({"--help"});
  BOOST_TEST(top.out.find("  subnet    ") != std::string::npos, top.out);
}

BOOST_AUTO_TEST_SUITE_END()
