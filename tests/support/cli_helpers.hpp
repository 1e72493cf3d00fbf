// Helpers for tests that run the udplab binary.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "support/process.hpp"

namespace udplab::test {

inline ProcessResult run_udplab(std::vector<std::string> args, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  args.insert(args.begin(), udplab_binary());
  return run_process(args, timeout);
}

// A failure must be exactly one line on stderr, with no crash or stack trace.
inline void check_one_line_error(const ProcessResult& r, int exit_code, const std::string& must_contain) {
  BOOST_TEST(r.exit_code == exit_code, "exit " << r.exit_code << ", stderr: " << r.err);
  BOOST_TEST(r.signal == 0);
  BOOST_TEST(count_lines(r.err) == 1u, "stderr: " << r.err);
  BOOST_TEST(r.err.find(must_contain) != std::string::npos, "stderr: " << r.err);
  BOOST_TEST(r.err.rfind("udplab", 0) == 0u, "stderr: " << r.err);
  BOOST_TEST(r.err.find("terminate") == std::string::npos);
}

// Starts `udplab echo serve` on 127.0.0.1 with an ephemeral port; returns the port it reports.
inline std::uint16_t start_echo_server(BackgroundProcess& server) {
  auto line = server.read_line();
  BOOST_REQUIRE_MESSAGE(line, "echo server printed nothing");
  const std::string prefix = "echo server on 127.0.0.1:";
  BOOST_REQUIRE_MESSAGE(line->rfind(prefix, 0) == 0, *line);
  return static_cast<std::uint16_t>(std::stoi(line->substr(prefix.size())));
}

inline std::vector<std::string> echo_server_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args{udplab_binary(), "echo", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "60s"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace udplab::test
