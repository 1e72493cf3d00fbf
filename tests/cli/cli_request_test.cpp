// udplab request as a user runs it, against udplab echo serve over loopback.
#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;
using namespace udplab::test;

BOOST_AUTO_TEST_SUITE(cli_request_test)

BOOST_AUTO_TEST_CASE(reply_from_an_echo_server) {
  BackgroundProcess server(echo_server_args());
  const auto port = start_echo_server(server);
  const std::string target = "127.0.0.1:" + std::to_string(port);
  auto r = run_udplab({"request", target, "hello there", "--initial", "1s", "--max-wait", "4s"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("REQUEST " + target + ": 11 bytes\nattempt 1 at 0.000 s, waiting 1000 ms\nreply (11 bytes) to attempt 1 after") == 0u,
             r.out);
  BOOST_TEST(r.out.find("--- " + target + " request ---\n1 attempt, reply to attempt 1 after ") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("reply (11 bytes): hello there\n") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(json_report) {
  BackgroundProcess server(echo_server_args());
  const auto port = start_echo_server(server);
  auto r = run_udplab({"request", "127.0.0.1:" + std::to_string(port), "abc", "--initial", "1s", "--json"});
  BOOST_TEST(r.exit_code == 0, r.err);
  v1::RequestReport report;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &report).ok());
  BOOST_TEST(report.outcome() == "replied");
  BOOST_TEST(report.answered_attempt() == 1u);
  BOOST_TEST(report.attempts_size() == 1);
  BOOST_TEST(report.reply() == "abc");
  BOOST_TEST(report.initial_ms() == 1000.0);
  BOOST_TEST(report.factor() == 2.0);
}

BOOST_AUTO_TEST_CASE(closed_port_says_connection_refused) {
  const auto port = free_udp_port();
  auto r = run_udplab({"request", "127.0.0.1:" + std::to_string(port), "anyone?"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.find("connection refused: nothing listens at 127.0.0.1:" + std::to_string(port)) != std::string::npos,
             r.out);
  BOOST_TEST(r.out.find("1 attempt, connection refused after") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(silent_port_gives_up_after_the_schedule) {
  HeldPort silent;  // bound, never answers
  auto r = run_udplab({"request", "127.0.0.1:" + std::to_string(silent.port()), "x", "--initial", "20ms", "--max-wait",
                       "80ms", "--json"});
  BOOST_TEST(r.exit_code == 1);
  v1::RequestReport report;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(r.out, &report).ok());
  BOOST_TEST(report.outcome() == "gave_up");
  BOOST_REQUIRE_EQUAL(report.attempts_size(), 3);  // 20, 40, 80 ms
  BOOST_TEST(report.attempts(2).wait_ms() == 80.0);
  BOOST_TEST(report.total_ms() >= 140.0);
}

BOOST_AUTO_TEST_CASE(usage_errors) {
  check_one_line_error(run_udplab({"request"}), 2, "missing HOST:PORT");
  check_one_line_error(run_udplab({"request", "127.0.0.1:7"}), 2, "missing MESSAGE");
  check_one_line_error(run_udplab({"request", "127.0.0.1", "x"}), 2, "HOST:PORT");
  check_one_line_error(run_udplab({"request", "127.0.0.1:7", "x", "--factor", "1"}), 2, "--factor");
  check_one_line_error(run_udplab({"request", "127.0.0.1:7", "x", "--factor", "two"}), 2, "--factor");
  check_one_line_error(run_udplab({"request", "127.0.0.1:7", "x", "--initial", "5s"}), 2, "--initial");
  check_one_line_error(run_udplab({"request", "127.0.0.1:7", "x", "-4", "-6"}), 2, "-4 and -6");
}

BOOST_AUTO_TEST_SUITE_END()
