// Bad input: one clear line on stderr and a distinct exit code (2 usage, 1 runtime), never a crash.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "support/cli_helpers.hpp"

using namespace udplab::test;

BOOST_AUTO_TEST_SUITE(cli_errors_test)

BOOST_AUTO_TEST_CASE(unknown_command_and_option) {
  check_one_line_error(run_udplab({"bogus"}), 2, "unknown command 'bogus'");
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1", "--bogus"}), 2, "--bogus");
  check_one_line_error(run_udplab({"echo", "serve", "--port"}), 2, "--port");
  check_one_line_error(run_udplab({"echo", "shout"}), 2, "unknown subcommand 'shout'");
  auto none = run_udplab({});
  BOOST_TEST(none.exit_code == 2);
  BOOST_TEST(none.err.find("Usage: udplab COMMAND") != std::string::npos);
}

#if !UDPLAB_WITH_GRPC
// A build without gRPC has no udplab-control: `serve` and `remote` say so in one line.
BOOST_AUTO_TEST_CASE(control_commands_say_the_build_has_no_control_plane) {
  for (const char* command : {"serve", "remote"}) {
    check_one_line_error(run_udplab({command, "--help"}), 1,
                         std::string("udplab ") + command + ": this build has no control plane");
  }
}
#else
// `serve` and `remote` run in udplab-control, next to udplab: through udplab they behave as its own
// commands (exit status, error line), and a udplab copied without its sibling says what is missing.
BOOST_AUTO_TEST_CASE(control_commands_run_in_the_sibling_program) {
  check_one_line_error(run_udplab({"remote", "--bogus"}), 2, "udplab remote: unknown option '--bogus'");
  const auto help = run_udplab({"serve", "--help"});
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(help.out.find("Usage: udplab serve") != std::string::npos, help.out);

  const auto dir = std::filesystem::temp_directory_path() / ("udplab-alone-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto alone = dir / "udplab";
  std::filesystem::copy_file(udplab_binary(), alone, std::filesystem::copy_options::overwrite_existing);
  const auto r = run_process({alone.string(), "serve"}, std::chrono::seconds(20));
  std::filesystem::remove_all(dir);
  check_one_line_error(r, 1, "cannot start udplab-control");
  BOOST_TEST(r.err.find((dir / "udplab-control").string()) != std::string::npos, r.err);
}
#endif

BOOST_AUTO_TEST_CASE(malformed_addresses_and_values) {
  check_one_line_error(run_udplab({"echo", "ping", "300.1.2.3"}), 2, "300.1.2.3");
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1:99999"}), 2, "99999");
  check_one_line_error(run_udplab({"echo", "ping", "[::1"}), 2, "]");
  check_one_line_error(run_udplab({"echo", "serve", "--bind", "not-an-ip"}), 2, "not-an-ip");
  check_one_line_error(run_udplab({"echo", "serve", "--port", "70000"}), 2, "--port");
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1", "--size", "5"}), 2, "--size");
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1", "--interval", "fast"}), 2, "--interval");
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1", "--count", "-3"}), 2, "count");
  check_one_line_error(run_udplab({"echo", "ping"}), 2, "missing HOST");
}

BOOST_AUTO_TEST_CASE(port_in_use_is_a_runtime_error) {
  HeldPort busy;
  check_one_line_error(run_udplab({"echo", "serve", "--bind", "127.0.0.1", "--port", std::to_string(busy.port()), "--duration", "2s"}),
                       1, "address already in use");
}

BOOST_AUTO_TEST_CASE(privileged_port_without_permission) {
  std::ifstream start_file("/proc/sys/net/ipv4/ip_unprivileged_port_start");
  int unprivileged_start = 1024;
  start_file >> unprivileged_start;
  if (unprivileged_start <= 7) {
    BOOST_TEST_MESSAGE("ports below 1024 are not privileged on this kernel; skipped");
    return;
  }
  std::vector<std::string> args{udplab_binary(), "echo", "serve", "--bind", "127.0.0.1", "--port", "7", "--duration", "1s"};
  if (geteuid() == 0) {
    // Drop to nobody for this one run: the test is about an unprivileged user.
    args.insert(args.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  }
  check_one_line_error(run_process(args), 1, "permission denied");
}

// The values tests/unit/option_fields_test gives a scenario, refused by the same engine checks:
// here each is named by its flag.
BOOST_AUTO_TEST_CASE(engine_settings_are_named_by_their_flags) {
  check_one_line_error(run_udplab({"request", "127.0.0.1:7", "x", "--initial", "3s"}), 2,
                       "udplab request: --initial: (3s) must not be longer than --max-wait (2s)");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--limited", "--count", "2", "--interval", "0s"}), 2,
                       "udplab broadcast send: --interval: must be positive");
  check_one_line_error(run_udplab({"chat", "127.0.0.1:7070", "--reorder-window", "0s"}), 2,
                       "udplab chat: --reorder-window: must be positive");
  check_one_line_error(
      run_udplab({"tftp", "put", "127.0.0.1", "f", "/dev/null", "--blksize", "65464", "--windowsize", "65535"}), 2,
      "udplab tftp: --windowsize: times --blksize must stay within 64 MiB");
}

// A command fills the udplab.v1 option message and calls the translator scenarios and the agent
// use (lib/options); a value it refuses still comes back as the flag typed, on one line, exit 2.
BOOST_AUTO_TEST_CASE(translator_refusals_are_named_by_their_flags) {
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1", "--flood", "--window", "40000"}), 2,
                       "udplab echo ping: --window: must be between 1 and 32768");
  check_one_line_error(run_udplab({"echo", "ping", "127.0.0.1", "--timeout", "0s"}), 2, "udplab echo ping: --timeout: must be positive");
  check_one_line_error(run_udplab({"echo", "serve", "--port", "70000"}), 2, "udplab echo serve: --port: port must be 0-65535");
  check_one_line_error(run_udplab({"request", "127.0.0.1:7", "x", "--factor", "1"}), 2,
                       "udplab request: --factor: must be above 1 and at most 100");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--to", "::1"}), 2,
                       "udplab broadcast send: --to: IPv6 has no broadcast (it uses multicast)");
  check_one_line_error(run_udplab({"broadcast", "send", "x", "--to", "10.0.0.255", "--limited"}), 2,
                       "udplab broadcast send: --limited: cannot be combined with --to");
  check_one_line_error(run_udplab({"broadcast", "listen", "--port", "70000"}), 2, "udplab broadcast listen: --port:");
  check_one_line_error(run_udplab({"discover", "--probes", "500"}), 2, "udplab discover: --probes: must be between 1 and 100");
  check_one_line_error(run_udplab({"chat", "127.0.0.1:7070", "--name", "/bad"}), 2, "udplab chat: --name: must be");
  check_one_line_error(run_udplab({"chat", "serve", "--capacity", "5000"}), 2,
                       "udplab chat serve: --capacity: must be between 1 and 1000");
  check_one_line_error(run_udplab({"chat", "serve", "--idle", "soon"}), 2, "udplab chat serve: --idle: invalid duration");
  check_one_line_error(run_udplab({"tftp", "get", "127.0.0.1", "f", "--blksize", "7"}), 2,
                       "udplab tftp: --blksize: must be between 8 and 65464");
  check_one_line_error(run_udplab({"tftp", "get", "127.0.0.1", "f", "--mode", "binary"}), 2,
                       "udplab tftp: --mode: must be octet or netascii, not 'binary'");
  check_one_line_error(run_udplab({"tftp", "get", "127.0.0.1", "f", "--timeout", "300"}), 2,
                       "udplab tftp: --timeout: must be more than 0 and at most 255 seconds");
  check_one_line_error(run_udplab({"tftp", "get", "127.0.0.1", "f", "--retries", "101"}), 2,
                       "udplab tftp: --retries: must be at most 100");
  check_one_line_error(run_udplab({"tftpd", "--root", ".", "--port", "0", "--max-blksize", "70000"}), 2,
                       "udplab tftpd: --max-blksize: must be between 8 and 65464");
  check_one_line_error(run_udplab({"tftpd", "--root", ".", "--port", "0", "--max-sessions", "100001"}), 2,
                       "udplab tftpd: --max-sessions: must be between 1 and 100000");
  check_one_line_error(run_udplab({"tftpd", "--root", ".", "--port", "0", "--timeout", "0s"}), 2,
                       "udplab tftpd: --timeout: must be more than 0 and at most 255 seconds");
}

BOOST_AUTO_TEST_CASE(bad_scenario_files) {
  const std::string path = "cli_errors_test_bad.textproto";
  {
    std::ofstream f(path);
    f << "name: \"x\"\nhosts { name: \"a\" }\nworkloads {\n  host: \"nobody\"\n  echo_server {}\n}\n";
  }
  check_one_line_error(run_udplab({"sim", path}), 2, path + ":4:3: field workloads[0].host: unknown host 'nobody'");
  {
    std::ofstream f(path);
    f << "name: \"x\"\nhosts { nmae: \"a\" }\n";
  }
  check_one_line_error(run_udplab({"sim", path}), 2, path + ":2:");
  check_one_line_error(run_udplab({"sim", "no-such-file.textproto"}), 2, "cannot open");
  {
    // The text format takes any number for an enum; 258 would otherwise run as PARETO (258 mod 256).
    std::ofstream f(path);
    f << "name: \"x\"\nlinks {\n  a_to_b { distribution: 258 }\n}\n";
  }
  check_one_line_error(run_udplab({"sim", path}), 2,
                       path + ":3:12: field links[0].a_to_b.distribution: unknown value 258 (expected UNIFORM, NORMAL, "
                              "PARETO or PARETONORMAL)");
  {
    std::ofstream f(path);
    f << "name: \"" << std::string(200, 'n') << "\"\n";
  }
  check_one_line_error(run_udplab({"sim", path}), 2, path + ":1:1: field name: is 200 bytes long; at most 128 bytes are allowed");
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(help_is_complete) {
  auto top = run_udplab({"--help"});
  BOOST_TEST(top.exit_code == 0);
  for (const char* word : {"echo", "sim", "Exit status"}) BOOST_TEST(top.out.find(word) != std::string::npos, word);
  for (std::vector<std::string> cmd : {std::vector<std::string>{"echo", "serve", "--help"},
                                       std::vector<std::string>{"echo", "ping", "--help"},
                                       std::vector<std::string>{"sim", "--help"}}) {
    auto r = run_udplab(cmd);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.find("Usage: udplab " + cmd[0]) == 0u, r.out);
    BOOST_TEST(r.out.find("Examples:") != std::string::npos);
  }
  auto ping = run_udplab({"echo", "ping", "--help"});
  for (const char* opt : {"--count", "--interval", "--size", "--timeout", "--flood", "--window", "--json", "--json-lines"})
    BOOST_TEST(ping.out.find(opt) != std::string::npos, opt);
  BOOST_TEST(run_udplab({"--version"}).out.rfind("udplab ", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
