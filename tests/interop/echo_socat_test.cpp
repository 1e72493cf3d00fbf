// Interoperability with socat, an echo peer we did not write: our client against socat's echo,
// and socat as a client of our server.
#include <boost/test/unit_test.hpp>


#include "support/cli_helpers.hpp"

using namespace udplab::test;

namespace {

bool socat_available() {
  if (have_program("socat")) return true;
  BOOST_TEST_REQUIRE(!peers_required(), "socat is required (UDPLAB_REQUIRE_PEERS=1) but not installed");
  BOOST_TEST_MESSAGE("socat not installed; skipped");
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(echo_socat_test)

BOOST_AUTO_TEST_CASE(our_ping_against_socat_echo) {
  if (!socat_available()) return;
  const auto port = free_udp_port();
  // socat's PIPE is a byte stream: two datagrams read before socat writes them back would come back
  // as one. A buffer of exactly one probe (-b) keeps the boundaries.
  BackgroundProcess socat({"socat", "-b1000", "UDP4-LISTEN:" + std::to_string(port) + ",bind=127.0.0.1,reuseaddr", "PIPE"});
  BOOST_REQUIRE_MESSAGE(wait_for_udp_port(port), "socat did not bind its port");
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "-c", "20", "-i", "5ms", "-s", "1000"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("20 sent, 20 received, 0.0% lost") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(socat_client_against_our_server) {
  if (!socat_available()) return;
  BackgroundProcess server(echo_server_args());
  const auto port = start_echo_server(server);
  auto r = run_process({"socat", "-b65536", "-t", "1", "-", "UDP4:127.0.0.1:" + std::to_string(port)},
                       std::chrono::seconds(10), "hello from socat");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "hello from socat");
}

BOOST_AUTO_TEST_CASE(socat_client_against_reply_length_mode) {
  if (!socat_available()) return;
  BackgroundProcess server(echo_server_args({"--reply-length"}));
  const auto port = start_echo_server(server);
  auto r = run_process({"socat", "-b65536", "-t", "1", "-", "UDP4:127.0.0.1:" + std::to_string(port)},
                       std::chrono::seconds(10), std::string(1000, 'x'));
  BOOST_TEST(r.out == "Your data was 1000 bytes long");
}

BOOST_AUTO_TEST_CASE(our_ping_against_socat_over_ipv6) {
  if (!socat_available()) return;
  const auto port = free_udp_port();
  BackgroundProcess socat({"socat", "-b56", "UDP6-LISTEN:" + std::to_string(port) + ",bind=[::1],reuseaddr", "PIPE"});
  if (!wait_for_udp_port(port, std::chrono::seconds(3))) {
    BOOST_TEST_MESSAGE("socat could not bind [::1] (no IPv6 loopback?); skipped");
    return;
  }
  auto r = run_udplab({"echo", "ping", "[::1]:" + std::to_string(port), "-c", "5", "-i", "5ms"});
  if (r.out.find("0 received") != std::string::npos && r.err.find("Cannot assign") != std::string::npos) {
    BOOST_TEST_MESSAGE("no IPv6 loopback; skipped");
    return;
  }
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("5 sent, 5 received") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()
