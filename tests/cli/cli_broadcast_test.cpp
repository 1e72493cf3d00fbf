// udplab broadcast send/listen and udplab discover as a user runs them, on loopback's broadcast
// address 127.255.255.255.
#include <boost/test/unit_test.hpp>

#include <csignal>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {

// Reads the first line of a server or listener and returns the port it names ("... on ADDR:PORT;").
std::uint16_t port_from_banner(BackgroundProcess& p) {
  auto line = p.read_line();
  BOOST_REQUIRE_MESSAGE(line, "no banner");
  const auto colon = line->rfind(':', line->find(';'));
  BOOST_REQUIRE_MESSAGE(colon != std::string::npos, *line);
  return static_cast<std::uint16_t>(std::stoi(line->substr(colon + 1)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_broadcast_test)

BOOST_AUTO_TEST_CASE(listeners_print_what_a_broadcast_carried) {
  const std::string port = std::to_string(free_udp_port());
  BackgroundProcess one({udplab_binary(), "broadcast", "listen", "--port", port, "--count", "1", "--duration", "20s"});
  BackgroundProcess two({udplab_binary(), "broadcast", "listen", "--port", port, "--count", "1", "--duration", "20s"});
  BOOST_TEST(one.read_line().value_or("") == "listening on 0.0.0.0:" + port + "; Ctrl-C to stop");
  BOOST_TEST(two.read_line().value_or("") == "listening on 0.0.0.0:" + port + "; Ctrl-C to stop");
  auto sent = run_udplab({"broadcast", "send", "--to", "127.255.255.255", "--port", port, "hi\x1b[31m all"});
  BOOST_TEST(sent.exit_code == 0, sent.err);
  BOOST_TEST(sent.out == "sending 11 bytes to 127.255.255.255:" + port + "\n1 datagram sent (11 bytes each) to 127.255.255.255:" +
                             port + "\n");
  for (auto* p : {&one, &two}) {
    auto r = p->wait();
    BOOST_TEST(r.exit_code == 0, r.err);
    // The escape sequence arrives neutralised.
    BOOST_TEST(r.out.find(" (11 bytes): hi\\e[31m all\n") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("0.0.0.0:" + port + ": 1 datagram (11 bytes) from 1 sender in ") != std::string::npos, r.out);
  }
}

BOOST_AUTO_TEST_CASE(discover_finds_named_echo_servers) {
  const std::string port = std::to_string(free_udp_port());
  BackgroundProcess server({udplab_binary(), "echo", "serve", "--bind", "0.0.0.0", "--port", port, "--duration", "20s",
                            "--name", "cli-test-echo"});
  port_from_banner(server);
  auto r = run_udplab({"discover", "--to", "127.255.255.255", "--port", port, "--timeout", "500ms", "--json"});
  BOOST_TEST(r.exit_code == 0, r.err);
  v1::DiscoverReport report;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &report).ok());
  BOOST_REQUIRE_EQUAL(report.responders_size(), 1);
  BOOST_TEST(report.responders(0).name() == "cli-test-echo");
  BOOST_TEST(report.responders(0).role() == "echo server");
  BOOST_TEST(report.responders(0).version() == UDPLAB_VERSION);
  BOOST_TEST(report.responders(0).address() == "127.0.0.1:" + port);
  BOOST_TEST(report.probes_sent() == 1u);

  auto text = run_udplab({"discover", "--to", "127.255.255.255", "--port", port, "--timeout", "300ms"});
  BOOST_TEST(text.exit_code == 0, text.err);
  BOOST_TEST(text.out.find("DISCOVER 127.255.255.255:" + port + "\n127.0.0.1:" + port) == 0u, text.out);
  BOOST_TEST(text.out.find("echo server  cli-test-echo (udplab " UDPLAB_VERSION ")\n") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("--- 1 responder found in ") != std::string::npos, text.out);
  auto stopped = server.stop(SIGINT);
  BOOST_TEST(stopped.out.find("(2 discovery probes answered)") != std::string::npos, stopped.out);
}

BOOST_AUTO_TEST_CASE(no_discovery_servers_stay_quiet_and_nothing_found_exits_1) {
  const std::string port = std::to_string(free_udp_port());
  BackgroundProcess server({udplab_binary(), "echo", "serve", "--bind", "0.0.0.0", "--port", port, "--duration", "20s",
                            "--no-discovery"});
  port_from_banner(server);
  // It echoes the probe like any echo server: found, but as one that does not speak discovery.
  auto r = run_udplab({"discover", "--to", "127.255.255.255", "--port", port, "--timeout", "300ms", "-q"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("echo (no discovery)") != std::string::npos, r.out);
  auto none = run_udplab({"discover", "--to", "127.255.255.255", "--port", std::to_string(free_udp_port()), "--timeout",
                          "200ms"});
  BOOST_TEST(none.exit_code == 1);
  BOOST_TEST(none.out.find("--- 0 responders found in ") != std::string::npos, none.out);
}

BOOST_AUTO_TEST_CASE(usage_errors) {
  auto bare = run_udplab({"broadcast"});
  BOOST_TEST(bare.exit_code == 2);
  BOOST_TEST(bare.err.find("Usage: udplab broadcast send MESSAGE") == 0u, bare.err);
  check_one_line_error(run_udplab({"broadcast", "shout"}), 2, "unknown subcommand 'shout'");
  check_one_line_error(run_udplab({"broadcast", "send"}), 2, "missing MESSAGE");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--to", "10.0.0.255", "--limited"}), 2, "cannot be combined with --to");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--to", "ff02::1"}), 2, "IPv6 has no broadcast");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--to", "10.0.0.300"}), 2, "--to");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--port", "0"}), 2, "--port");
  check_one_line_error(run_udplab({"broadcast", "listen", "--count", "many"}), 2, "--count");
  check_one_line_error(run_udplab({"discover", "--probes", "0"}), 2, "--probes");
  check_one_line_error(run_udplab({"discover", "--timeout", "never"}), 2, "--timeout");
  check_one_line_error(run_udplab({"echo", "serve", "--name", "bad\x01name", "--port", "0"}), 2, "--name");
}

BOOST_AUTO_TEST_SUITE_END()
