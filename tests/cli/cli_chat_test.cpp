// udplab chat and chat serve as a user runs them: a room, a scripted member and a piped one.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/report.pb.h"

using namespace udplab;
using namespace udplab::test;

namespace {

// A file that removes itself.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    path = (std::filesystem::temp_directory_path() /
            ("udplab-chat-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++) + ".txt"))
               .string();
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// Starts `udplab chat serve` on 127.0.0.1 with an ephemeral port; returns the port it reports.
std::uint16_t start_room(BackgroundProcess& room) {
  auto line = room.read_line();
  if (!line) BOOST_FAIL("the room printed nothing");
  const std::string prefix = "chat room on 127.0.0.1:";
  if (line->rfind(prefix, 0) != 0) BOOST_FAIL(*line);
  return static_cast<std::uint16_t>(std::stoi(line->substr(prefix.size())));
}

std::vector<std::string> room_args() {
  return {udplab_binary(), "chat", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "30s"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_chat_test)

BOOST_AUTO_TEST_CASE(two_members_talk_through_a_room) {
  BackgroundProcess room(room_args());
  const std::string target = "127.0.0.1:" + std::to_string(start_room(room));
  // Bob reads a script file; alice pipes her lines in, one of them hostile to terminals.
  TempFile bob_script("/wait 400ms\nhi from bob\n/wait 1200ms\n");
  BackgroundProcess bob({udplab_binary(), "chat", target, "--name", "bob", "--script", bob_script.path, "--json"});
  auto alice = run_process({udplab_binary(), "chat", target, "--name", "alice", "--linger", "500ms"},
                           std::chrono::seconds(20), "/wait 100ms\nhello \x1b[2Jbob\x07\n/wait 800ms\n/who\n");
  BOOST_TEST(alice.exit_code == 0, alice.err);
  BOOST_TEST(alice.out.find("* welcome: you are alice\n") != std::string::npos, alice.out);
  BOOST_TEST(alice.out.find(" bob: hi from bob\n") != std::string::npos, alice.out);
  // In the order they joined, which is a race here.
  BOOST_TEST((alice.out.find(" * 2 members: bob, alice\n") != std::string::npos ||
              alice.out.find(" * 2 members: alice, bob\n") != std::string::npos),
             alice.out);
  BOOST_TEST(alice.out.find("--- chat with " + target + " as alice ---\n1 message sent; 1 received, 0 lost") !=
                 std::string::npos,
             alice.out);
  BOOST_TEST(alice.out.find('\x1b') == std::string::npos);

  auto b = bob.wait();
  BOOST_TEST(b.exit_code == 0, b.err);
  v1::ChatClientReport report;
  if (!google::protobuf::util::JsonStringToMessage(b.out, &report).ok()) BOOST_FAIL("not a ChatClientReport: " + b.out);
  BOOST_TEST(report.nick() == "bob");
  BOOST_TEST(report.sent() == 1u);
  BOOST_TEST(report.received() == 1u);
  BOOST_TEST(report.lost() == 0u);
  BOOST_REQUIRE_EQUAL(report.senders_size(), 1);
  BOOST_TEST(report.senders(0).nick() == "alice");

  auto r = room.stop(2);  // SIGINT, as Ctrl-C: the room prints its summary
  BOOST_TEST(r.out.find(" bob joined from 127.0.0.1:") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("--- chat room on 127.0.0.1:") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("2 joined, 2 left, 0 timed out; 0 members now\n2 messages in, 2 datagrams relayed") !=
                 std::string::npos,
             r.out);
}

BOOST_AUTO_TEST_CASE(nothing_listening_exits_1) {
  const auto port = std::to_string(free_udp_port());
  TempFile script("anyone?\n");
  auto r = run_udplab({"chat", "127.0.0.1:" + port, "--script", script.path, "--linger", "200ms"});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(r.out.find("* connection refused: nothing listens at 127.0.0.1:" + port) != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(piped_lines_too_long_or_bad_are_not_sent) {
  const auto port = std::to_string(free_udp_port());
  auto r = run_process({udplab_binary(), "chat", "127.0.0.1:" + port, "--linger", "0s"}, std::chrono::seconds(20),
                       std::string(1200, 'x') + "\nshort\r\n/shout\n" + std::string(1000, 'y'));
  BOOST_TEST(r.exit_code == 1, r.err);  // nothing listens there
  BOOST_TEST(r.out.find("* not sent: the line is 1200 bytes; a message holds at most 1000\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find(" you: short\n") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("* unknown command /shout") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("2 messages sent;") != std::string::npos, r.out);  // "short" and the 1000 bytes
}

BOOST_AUTO_TEST_CASE(room_json_summary) {
  auto r = run_udplab({"chat", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "100ms", "--json"});
  BOOST_TEST(r.exit_code == 0, r.err);
  v1::ChatRoomReport report;
  if (!google::protobuf::util::JsonStringToMessage(r.out, &report).ok()) BOOST_FAIL("not a ChatRoomReport: " + r.out);
  BOOST_TEST(report.bind().rfind("127.0.0.1:", 0) == 0u);
  BOOST_TEST(report.joined() == 0u);
}

BOOST_AUTO_TEST_CASE(help_and_usage_errors) {
  for (std::vector<std::string> cmd : {std::vector<std::string>{"chat", "--help"},
                                       std::vector<std::string>{"chat", "serve", "--help"}}) {
    auto r = run_udplab(cmd);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.find("Usage: udplab chat") == 0u, r.out);
    BOOST_TEST(r.out.find("Examples:") != std::string::npos);
  }
  check_one_line_error(run_udplab({"chat"}), 2, "missing HOST:PORT");
  check_one_line_error(run_udplab({"chat", "127.0.0.1"}), 2, "HOST:PORT");
  check_one_line_error(run_udplab({"chat", "127.0.0.1:7070", "--name", "has space"}), 2, "--name");
  check_one_line_error(run_udplab({"chat", "127.0.0.1:7070", "--reorder-window", "0s"}), 2, "--reorder-window");
  check_one_line_error(run_udplab({"chat", "127.0.0.1:7070", "--script", "/no/such/script"}), 2, "cannot read script");
  TempFile bad("hello\n/shout hi\n");
  check_one_line_error(run_udplab({"chat", "127.0.0.1:7070", "--script", bad.path}), 2, "line 2: unknown command /shout");
  check_one_line_error(run_udplab({"chat", "serve", "--capacity", "0"}), 2, "--capacity");
  check_one_line_error(run_udplab({"chat", "serve", "--idle", "soon"}), 2, "--idle");
}

BOOST_AUTO_TEST_SUITE_END()
