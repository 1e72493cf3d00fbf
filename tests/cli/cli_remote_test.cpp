// udplab serve and udplab remote as a user runs them.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/control.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {

std::vector<std::string> serve_args(const std::vector<std::string>& extra) {
  std::vector<std::string> args{udplab_binary(), "serve", "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

struct Agent {
  BackgroundProcess process;
  std::string address;
  explicit Agent(const std::vector<std::string>& extra = {}) : process(serve_args(extra)) {
    auto line = process.read_line();
    BOOST_REQUIRE(line);
    const std::string prefix = "udplab agent listening on ";
    BOOST_REQUIRE_MESSAGE(line->rfind(prefix, 0) == 0, *line);
    address = line->substr(prefix.size(), line->find(' ', prefix.size()) - prefix.size());
  }
  ProcessResult remote(std::vector<std::string> args) {
    args.insert(args.begin(), {"remote", "--server", address});
    return run_udplab(args);
  }
};

const std::string kScenario = std::string(UDPLAB_SOURCE_DIR) + "/scenarios/echo-lossy-link.textproto";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_remote_test)

BOOST_AUTO_TEST_CASE(remote_sim_equals_local_sim) {
  Agent agent;
  auto remote = agent.remote({"sim", kScenario, "--json"});
  BOOST_TEST(remote.exit_code == 0, remote.err);
  v1::RunReport report;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(remote.out, &report).ok());
  auto local = run_udplab({"sim", kScenario, "--json"});
  v1::SimulationReport local_report;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(local.out, &local_report).ok());
  BOOST_TEST(report.simulation().trace_sha256() == local_report.trace_sha256());
  BOOST_TEST((report.info().state() == v1::SUCCEEDED));
}

BOOST_AUTO_TEST_CASE(remote_sim_writes_outputs_and_text) {
  Agent agent;
  const std::filesystem::path dir = "cli_remote_out";
  std::filesystem::remove_all(dir);
  auto r = agent.remote({"sim", kScenario, "--out", dir.string()});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("== echo-lossy-link (seed 1) ==") == 0u, r.out);
  for (const char* f : {"report.json", "trace.jsonl", "trace.pcap"}) BOOST_TEST(std::filesystem::file_size(dir / f) > 100u, f);
  std::filesystem::remove_all(dir);
  auto list = agent.remote({"list"});
  BOOST_TEST(list.out.find("sim-1\tsucceeded") == 0u, list.out);
}

BOOST_AUTO_TEST_CASE(remote_live_ping_against_remote_echo_server) {
  Agent a, b;
  const auto port = free_udp_port();
  auto serve = a.remote({"echo-serve", "--port", std::to_string(port), "--bind", "127.0.0.1", "--duration", "20s", "--detach"});
  BOOST_TEST(serve.exit_code == 0, serve.err);
  const std::string server_run = serve.out.substr(0, serve.out.find('\n'));
  BOOST_REQUIRE(wait_for_udp_port(port));
  auto ping = b.remote({"ping", "127.0.0.1:" + std::to_string(port), "--count", "3", "--interval", "50ms"});
  BOOST_TEST(ping.exit_code == 0, ping.err);
  BOOST_TEST(ping.out.find("echo_ping: 56 bytes from 127.0.0.1:" + std::to_string(port) + ": seq=1") != std::string::npos, ping.out);
  BOOST_TEST(ping.out.find("3 sent, 3 received, 0.0% lost") != std::string::npos, ping.out);
  auto cancel = a.remote({"cancel", server_run});
  BOOST_TEST(cancel.exit_code == 0, cancel.err);
  auto report = a.remote({"report", server_run});
  BOOST_TEST(report.out.find("3 datagrams received, 3 replied") != std::string::npos, report.out);
}

BOOST_AUTO_TEST_CASE(remote_tftp_tftpd_and_discover) {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / ("udplab-cli-remote-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "a");
  fs::create_directories(base / "b");
  std::string content(70000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 7919) >> 3);
  {
    std::ofstream f(base / "a/boot.img", std::ios::binary);
    f << content;
  }
  Agent a({"--tftp-root", (base / "a").string()}), b({"--tftp-root", (base / "b").string()});
  const auto port = std::to_string(free_udp_port());
  const std::string where = "127.0.0.1:" + port;
  auto serve = a.remote({"tftpd", "--port", port, "--bind", "127.0.0.1", "--create", "--duration", "30s", "--detach"});
  BOOST_TEST(serve.exit_code == 0, serve.err);
  const std::string server_run = serve.out.substr(0, serve.out.find('\n'));
  BOOST_REQUIRE(wait_for_udp_port(static_cast<std::uint16_t>(std::stoi(port))));

  auto get = b.remote({"tftp", "get", where, "boot.img", "--sha256", "--blksize", "1428", "--json"});
  BOOST_TEST(get.exit_code == 0, get.err);
  v1::RunReport report;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(get.out, &report).ok());
  BOOST_TEST(report.live().tftp().ok());
  BOOST_TEST(report.live().tftp().bytes() == content.size());
  BOOST_TEST(fs::file_size(base / "b/boot.img") == content.size());
  auto text = b.remote({"tftp", "get", where, "boot.img", "copy.img"});
  BOOST_TEST(text.exit_code == 0, text.err);
  BOOST_TEST(text.out.find("get boot.img: 70000 bytes in ") != std::string::npos, text.out);
  auto put = b.remote({"tftp", "put", where, "uploaded.img", "copy.img"});
  BOOST_TEST(put.exit_code == 0, put.err);
  BOOST_TEST(fs::file_size(base / "a/uploaded.img") == content.size());
  check_one_line_error(b.remote({"tftp", "put", where, "x", "../a/boot.img"}), 1, "PERMISSION_DENIED");
  check_one_line_error(b.remote({"tftp", "fetch", where, "x"}), 2, "expected get or put");
  auto cancel = a.remote({"cancel", server_run});
  BOOST_TEST(cancel.exit_code == 0, cancel.err);
  auto served = a.remote({"report", server_run});
  BOOST_TEST(served.out.find("3 transfers, 3 completed, 0 failed") != std::string::npos, served.out);

  // Discovery from agent b finds the echo server agent a runs.
  const auto echo_port = std::to_string(free_udp_port());
  auto echo = a.remote({"echo-serve", "--port", echo_port, "--bind", "0.0.0.0", "--name", "cli-remote-echo", "--duration", "20s",
                        "--detach"});
  BOOST_TEST(echo.exit_code == 0, echo.err);
  BOOST_REQUIRE(wait_for_udp_port(static_cast<std::uint16_t>(std::stoi(echo_port))));
  auto found = b.remote({"discover", "--to", "127.255.255.255", "--port", echo_port, "--timeout", "500ms"});
  BOOST_TEST(found.exit_code == 0, found.err);
  BOOST_TEST(found.out.find("cli-remote-echo") != std::string::npos, found.out);
  auto none = b.remote({"discover", "--to", "127.255.255.255", "--port", std::to_string(free_udp_port()), "--timeout", "200ms"});
  BOOST_TEST(none.exit_code == 1, none.out << none.err);

  // Without --tftp-root the agent refuses TFTP runs.
  Agent c;
  check_one_line_error(c.remote({"tftp", "get", where, "boot.img"}), 1, "FAILED_PRECONDITION");
  auto help = run_udplab({"remote", "tftp", "--help"});
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(help.out.find("tftp get|put HOST[:PORT] REMOTE [LOCAL]") != std::string::npos, help.out);
  fs::remove_all(base);
}

BOOST_AUTO_TEST_CASE(errors_are_one_line) {
  check_one_line_error(run_udplab({"remote", "--server", "127.0.0.1:1", "info"}), 1, "UNAVAILABLE");
  check_one_line_error(run_udplab({"serve", "--listen", "0.0.0.0:0"}), 2, "needs a token");
  check_one_line_error(run_udplab({"remote", "frobnicate"}), 2, "unknown command 'frobnicate'");
  Agent agent;
  const std::string bad = "cli_remote_bad.textproto";
  {
    std::ofstream f(bad);
    f << "hosts { name: \"a\" }\nworkloads { host: \"b\" echo_server {} }\n";
  }
  // The agent checks the scenario and names the field; the file itself parsed fine locally.
  check_one_line_error(agent.remote({"validate", bad}), 2, "field workloads[0].host: unknown host 'b'");
  check_one_line_error(agent.remote({"sim", bad}), 2, "INVALID_ARGUMENT");
  check_one_line_error(agent.remote({"report", "sim-42"}), 1, "NOT_FOUND");
  std::remove(bad.c_str());
}

BOOST_AUTO_TEST_CASE(start_up_errors_are_one_line_naming_the_option) {
  namespace fs = std::filesystem;
  const auto dir = fs::temp_directory_path() / ("udplab-serve-errors-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  check_one_line_error(run_udplab({"serve", "--listen", "127.0.0.1:0", "--token-file", dir.string()}), 2,
                       "token file " + dir.string() + " is a directory");
  if (have_program("openssl")) {
    // A certificate with the key of another: gRPC refuses the pair and would log why on its own.
    std::vector<std::string> files;
    for (const char* name : {"one", "other"}) {
      const auto key = (dir / (std::string(name) + "-key.pem")).string(), cert = (dir / (std::string(name) + "-cert.pem")).string();
      auto made = run_process({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                               "-days", "1", "-subj", "/CN=localhost"});
      BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.err);
      files.push_back(cert);
      files.push_back(key);
    }
    check_one_line_error(
        run_udplab({"serve", "--listen", "127.0.0.1:0", "--tls-cert", files[0], "--tls-key", files[3]}), 2,
        "udplab serve: the TLS certificate (--tls-cert) and key (--tls-key) are not a PEM certificate chain and its private key");
  }
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_agent_cleanly_with_a_run_going) {
  Agent agent;
  // A long simulation is going when the signal comes.
  auto started = agent.remote({"sim", std::string(UDPLAB_SOURCE_DIR) + "/scenarios/rate-limit-queue.textproto", "--detach"});
  BOOST_TEST(started.exit_code == 0, started.err);
  auto stopped = agent.process.stop(SIGTERM, std::chrono::seconds(20));
  BOOST_TEST(!stopped.timed_out);
  BOOST_TEST(stopped.exit_code == 0, stopped.err);
  BOOST_TEST(stopped.out.find("udplab agent stopped") != std::string::npos, stopped.out);
}

BOOST_AUTO_TEST_SUITE_END()
