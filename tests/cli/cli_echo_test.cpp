// udplab echo serve and echo ping as a user runs them, against each other over loopback.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {

template <class M>
M parse_json(const std::string& text) {
  M m;
  auto status = google::protobuf::util::JsonStringToMessage(text, &m);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString() << " in: " << text);
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_echo_test)

BOOST_AUTO_TEST_CASE(ping_prints_replies_and_summary) {
  BackgroundProcess server(echo_server_args());
  const auto port = start_echo_server(server);
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "--count", "4", "--interval", "20ms"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("ECHO 127.0.0.1:" + std::to_string(port) + ": 56 bytes per probe") == 0u, r.out);
  for (int seq = 1; seq <= 4; ++seq)
    BOOST_TEST(r.out.find("56 bytes from 127.0.0.1:" + std::to_string(port) + ": seq=" + std::to_string(seq) + " rtt=") !=
                   std::string::npos,
               r.out);
  BOOST_TEST(r.out.find("4 sent, 4 received, 0.0% lost, 0 duplicates, 0 reordered, 0 late") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("rtt min/avg/max/mdev = ") != std::string::npos);
  BOOST_TEST(r.out.find("rtt p50/p90/p99 = ") != std::string::npos);

  auto stopped = server.stop(SIGINT);
  BOOST_TEST(stopped.exit_code == 0, stopped.err);
  BOOST_TEST(stopped.out.find("4 datagrams received, 4 replied") != std::string::npos, stopped.out);
}

BOOST_AUTO_TEST_CASE(ping_json_summary) {
  BackgroundProcess server(echo_server_args());
  const auto port = start_echo_server(server);
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "-c", "10", "-i", "5ms", "-s", "200", "--json"});
  BOOST_TEST(r.exit_code == 0, r.err);
  auto report = parse_json<v1::EchoPingReport>(r.out);
  BOOST_TEST(report.sent() == 10u);
  BOOST_TEST(report.received() == 10u);
  BOOST_TEST(report.payload_size() == 200u);
  BOOST_TEST(report.rtt().samples() == 10u);
  BOOST_TEST(report.rtt().max_ms() >= report.rtt().min_ms());
  BOOST_TEST(report.target() == "127.0.0.1:" + std::to_string(port));
}

BOOST_AUTO_TEST_CASE(ping_json_lines_streams_each_reply) {
  BackgroundProcess server(echo_server_args());
  const auto port = start_echo_server(server);
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "-c", "3", "-i", "10ms", "--json-lines"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_REQUIRE_EQUAL(count_lines(r.out), 4u);
  std::istringstream lines(r.out);
  std::string line;
  for (int i = 1; i <= 3; ++i) {
    std::getline(lines, line);
    BOOST_TEST(line.find("{\"event\":\"reply\",\"seq\":" + std::to_string(i) + ",") == 0u, line);
  }
  std::getline(lines, line);
  BOOST_TEST(line.find("{\"event\":\"summary\",\"report\":{") == 0u, line);
  BOOST_TEST(line.find("\"received\":3") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(server_json_counts_and_reply_length_mode) {
  BackgroundProcess server(echo_server_args({"--reply-length"}));
  const auto port = start_echo_server(server);
  // Our probes come back as "Your data was N bytes long": not replies to the probes.
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "-c", "3", "-i", "10ms", "-W", "200ms", "--json"});
  BOOST_TEST(r.exit_code == 1);  // nothing matched
  auto report = parse_json<v1::EchoPingReport>(r.out);
  BOOST_TEST(report.unmatched() == 3u);
  BOOST_TEST(report.received() == 0u);
  auto stopped = server.stop(SIGTERM);
  BOOST_TEST(stopped.out.find("3 datagrams received, 3 replied") != std::string::npos, stopped.out);
}

BOOST_AUTO_TEST_CASE(server_stops_after_duration_with_json) {
  auto r = run_udplab({"echo", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "300ms", "--json"});
  BOOST_TEST(r.exit_code == 0, r.err);
  auto report = parse_json<v1::EchoServerReport>(r.out);
  BOOST_TEST(report.received() == 0u);
  BOOST_TEST(report.bind().rfind("127.0.0.1:", 0) == 0u);
  BOOST_TEST(r.err.find("echo server on 127.0.0.1:") == 0u, r.err);  // status line on stderr
}

BOOST_AUTO_TEST_CASE(no_server_means_exit_1_and_total_loss) {
  auto port = free_udp_port();
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "-c", "2", "-i", "10ms", "-W", "100ms"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.find("2 sent, 0 received, 100.0% lost") != std::string::npos, r.out);
  // The connected socket hears the ICMP port unreachable from the loopback host.
  BOOST_TEST(r.out.find("port unreachable: nothing listens at the target") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("2 port unreachable") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(ipv6_loopback) {
  BackgroundProcess server({udplab_binary(), "echo", "serve", "--bind", "::1", "--port", "0", "--duration", "30s"});
  auto line = server.read_line();
  BOOST_REQUIRE(line);
  if (line->find("[::1]:") == std::string::npos) {
    BOOST_TEST_MESSAGE("no IPv6 loopback: " << *line);
    return;
  }
  const auto port = line->substr(line->find("]:") + 2);
  auto r = run_udplab({"echo", "ping", "[::1]:" + port.substr(0, port.find(';')), "-c", "3", "-i", "10ms"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("3 received") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
