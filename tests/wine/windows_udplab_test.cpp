// The Windows udplab.exe (the mingw preset), run under Wine, serving what runs on Linux: an echo
// server pinged by the Linux udplab, a TFTP server for the Linux udplab, tftp-hpa, atftp and curl,
// and a chat room with two Linux members. Wine sockets are Linux sockets, so everything talks over
// loopback like two machines would over a LAN.
//
// UDPLAB_WINDOWS_UDPLAB names udplab.exe (tools/bootstrap.sh test sets it after building the mingw
// preset). Without it, or without Wine, the suite says SKIPPED; with UDPLAB_REQUIRE_WINDOWS=1 (CI)
// that is a failure.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "interop/tftp_interop.hpp"
#include "support/pty_process.hpp"

using namespace udplab;
using namespace udplab::test;
using namespace udplab::test::tftp_interop;

namespace {

// Wine's first start in a fresh prefix sets the prefix up: tens of seconds on a busy machine.
constexpr std::chrono::seconds kWineStart{120};

bool windows_required() {
  const char* v = std::getenv("UDPLAB_REQUIRE_WINDOWS");
  return v != nullptr && std::string(v) == "1";
}

// `wine udplab.exe`, or nothing (the test returns early) with a loud message.
std::optional<std::vector<std::string>> windows_udplab() {
  const char* exe = std::getenv("UDPLAB_WINDOWS_UDPLAB");
  std::string why;
  auto wine = find_program("wine");
  if (exe == nullptr || *exe == '\0')
    why = "UDPLAB_WINDOWS_UDPLAB is not set (build the mingw preset; tools/bootstrap.sh test does)";
  else if (!fs::is_regular_file(exe))
    why = std::string("UDPLAB_WINDOWS_UDPLAB names no file: ") + exe;
  else if (!wine)
    why = "Wine is not installed (Debian packages wine, wine64)";
  if (why.empty()) return std::vector<std::string>{*wine, exe};
  if (windows_required())
    BOOST_ERROR(why << " but UDPLAB_REQUIRE_WINDOWS=1");
  else
    BOOST_TEST_MESSAGE("SKIPPED: the Windows build is not tested: " << why);
  return std::nullopt;
}

std::vector<std::string> with(std::vector<std::string> program, std::initializer_list<std::string> args) {
  program.insert(program.end(), args);
  return program;
}

// A Linux directory as a Windows program under Wine sees it (Wine maps / to drive Z:).
std::string windows_path(const fs::path& p) {
  std::string s = "Z:" + p.string();
  for (char& c : s)
    if (c == '/') c = '\\';
  return s;
}

ProcessResult run_in(const fs::path& cwd, const std::vector<std::string>& argv,
                     std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
  std::vector<std::string> full{"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd.string()};
  full.insert(full.end(), argv.begin(), argv.end());
  return run_process(full, timeout);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Sends one datagram to 127.0.0.1:port from a socket that is closed at once: the answer finds no
// one and comes back as an ICMP port unreachable, which Windows reports to the server's socket as
// a reset on its next receive.
void send_and_vanish(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const char probe[] = "anyone there?";
  BOOST_TEST(::sendto(fd, probe, sizeof probe, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) > 0);
  ::close(fd);
}

// The address a `chat serve` on 127.0.0.1 port 0 reports in its first line.
std::string room_address(BackgroundProcess& room, std::chrono::milliseconds timeout) {
  auto line = room.read_line(timeout);
  if (!line) BOOST_FAIL("the chat room printed nothing");
  const std::string prefix = "chat room on 127.0.0.1:";
  if (line->rfind(prefix, 0) != 0) BOOST_FAIL(*line);
  return "127.0.0.1:" + line->substr(prefix.size(), line->find_first_not_of("0123456789", prefix.size()) - prefix.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(windows_udplab_test)

BOOST_AUTO_TEST_CASE(echo_server_survives_port_unreachable_and_ctrl_c) {
  auto exe = windows_udplab();
  if (!exe) return;
  const auto port = free_udp_port();
  BackgroundProcess server(with(*exe, {"echo", "serve", "--bind", "127.0.0.1", "--port", std::to_string(port),
                                       "--duration", "120s"}));
  BOOST_REQUIRE_MESSAGE(wait_for_udp_port(port, kWineStart), "udplab.exe echo serve did not bind its port");
  for (int i = 0; i < 3; ++i) send_and_vanish(port);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto r = run_udplab({"echo", "ping", "127.0.0.1:" + std::to_string(port), "--count", "20", "--interval", "10ms"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(contains(r.out, "20 sent, 20 received, 0.0% lost"), r.out);

  auto stopped = server.stop(SIGINT);  // Wine turns SIGINT into the console's Ctrl-C
  BOOST_TEST(stopped.exit_code == 0, stopped.out << stopped.err);
  BOOST_TEST(contains(stopped.out, "23 datagrams received, 23 replied"), stopped.out << stopped.err);
}

BOOST_AUTO_TEST_CASE(tftp_server_serves_linux_clients_and_keeps_its_root) {
  auto exe = windows_udplab();
  if (!exe) return;
  TempDir root, here;
  const std::string content = seeded_content(300'000, 7);
  write_file(root.path / "boot.bin", content);
  write_file(root.path / "kept.txt", "old\n");
  fs::create_directories(root.path / "sub");
  write_file(root.path / "sub" / "inner.cfg", "inner\n");
  write_file(here.path / "up.bin", content);
  const auto port = free_udp_port();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  BackgroundProcess server(with(*exe, {"tftpd", "--root", windows_path(root.path), "--bind", "127.0.0.1", "--port",
                                       std::to_string(port), "--writable", "--create", "--duration", "300s"}));
  BOOST_REQUIRE_MESSAGE(wait_for_tftp(port, kWineStart), "udplab.exe tftpd does not answer");

  // udplab's own client, lock-step and windowed; a put over an existing file replaces it whole.
  auto g = run_in(here.path, {udplab_binary(), "tftp", "get", address, "boot.bin", "a.bin"});
  BOOST_TEST(g.exit_code == 0, g.out << g.err);
  BOOST_TEST(sha256_file(here.path / "a.bin") == sha256_of(content));
  auto w = run_in(here.path, {udplab_binary(), "tftp", "get", address, "sub/inner.cfg", "w.cfg", "--blksize", "1428",
                              "--windowsize", "8"});
  BOOST_TEST(w.exit_code == 0, w.out << w.err);
  BOOST_TEST(read_file(here.path / "w.cfg") == "inner\n");
  auto p = run_in(here.path, {udplab_binary(), "tftp", "put", address, "kept.txt", "up.bin"});
  BOOST_TEST(p.exit_code == 0, p.out << p.err);
  BOOST_TEST(sha256_file(root.path / "kept.txt") == sha256_of(content));

  // Real peers.
  std::size_t uploads = 0;  // by peers, beside the files above
  if (auto hpa = require_peer("tftp", "tftp-hpa", "udplab.exe's server is not tested against tftp-hpa")) {
    auto r = run_in(here.path, {*hpa, "-m", "binary", "127.0.0.1", std::to_string(port), "-c", "get", "boot.bin", "hpa.bin"});
    BOOST_TEST(sha256_file(here.path / "hpa.bin") == sha256_of(content), r.out << r.err);
    r = run_in(here.path, {*hpa, "-m", "binary", "127.0.0.1", std::to_string(port), "-c", "put", "up.bin", "from-hpa.bin"});
    BOOST_TEST(sha256_file(root.path / "from-hpa.bin") == sha256_of(content), r.out << r.err);
    ++uploads;
  }
  if (auto atftp = require_peer("atftp", "atftp", "udplab.exe's server is not tested against atftp")) {
    auto r = run_in(here.path, {*atftp, "-g", "-r", "boot.bin", "-l", "atftp.bin", "--option", "blksize 1428", "--option",
                                "windowsize 4", "127.0.0.1", std::to_string(port)});
    BOOST_TEST(sha256_file(here.path / "atftp.bin") == sha256_of(content), r.out << r.err);
    r = run_in(here.path, {*atftp, "-p", "-r", "from-atftp.bin", "-l", "up.bin", "127.0.0.1", std::to_string(port)});
    BOOST_TEST(sha256_file(root.path / "from-atftp.bin") == sha256_of(content), r.out << r.err);
    ++uploads;
  }
  if (auto curl = require_peer("curl", "curl", "udplab.exe's server is not tested against curl")) {
    auto r = run_in(here.path, {*curl, "-sS", "tftp://" + address + "/boot.bin", "-o", "curl.bin"});
    BOOST_TEST(sha256_file(here.path / "curl.bin") == sha256_of(content), r.out << r.err);
  }

  // Names that lead out of the root, or to a device or stream, on Windows: each refused, and
  // nothing is created or changed by the attempts to write them.
  for (const std::string name : {"..\\outside.txt", "sub\\..\\..\\outside.txt", "C:\\Windows\\win.ini", "C:boot.bin",
                                 "\\\\?\\C:\\x", "\\\\.\\CON", "CON", "nul.txt", "Com1.bin", "LPT9", "kept.txt::$DATA",
                                 "boot.bin:stream", "boot.bin.", "boot.bin ", "BOOT.BIN\\"}) {
    BOOST_TEST_CONTEXT(name) {
      auto r = run_in(here.path, {udplab_binary(), "tftp", "get", address, name, "refused.bin"});
      BOOST_TEST(r.exit_code == 1, r.out << r.err);
      BOOST_TEST(!fs::exists(here.path / "refused.bin"));
      auto u = run_in(here.path, {udplab_binary(), "tftp", "put", address, name, "up.bin"});
      BOOST_TEST(u.exit_code == 1, u.out << u.err);
    }
  }
  BOOST_TEST(!fs::exists(root.path.parent_path() / "outside.txt"));
  BOOST_TEST(sha256_file(root.path / "boot.bin") == sha256_of(content));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(root.path)) ++entries;
  // boot.bin, kept.txt, sub and the peers' uploads: no temporary file left behind.
  BOOST_TEST(entries == 3 + uploads);

  auto stopped = server.stop(SIGINT);
  BOOST_TEST(stopped.exit_code == 0, stopped.out << stopped.err);
  BOOST_TEST(contains(stopped.out, " read boot.bin octet"), stopped.out);
}

BOOST_AUTO_TEST_CASE(chat_room_relays_between_linux_members) {
  auto exe = windows_udplab();
  if (!exe) return;
  BackgroundProcess room(with(*exe, {"chat", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "120s"}));
  const std::string target = room_address(room, kWineStart);

  TempDir here;
  write_file(here.path / "bob.txt", "/wait 400ms\nhi from bob\n/wait 1500ms\n");
  BackgroundProcess bob({udplab_binary(), "chat", target, "--name", "bob", "--script", (here.path / "bob.txt").string()});
  auto alice = run_process({udplab_binary(), "chat", target, "--name", "alice", "--linger", "800ms"},
                           std::chrono::seconds(30), "/wait 100ms\nhello bob\n/wait 1000ms\n");
  BOOST_TEST(alice.exit_code == 0, alice.err);
  BOOST_TEST(contains(alice.out, "* welcome: you are alice\n"), alice.out);
  BOOST_TEST(contains(alice.out, " bob: hi from bob\n"), alice.out);
  auto b = bob.wait();
  BOOST_TEST(b.exit_code == 0, b.err);
  BOOST_TEST(contains(b.out, " alice: hello bob\n"), b.out);

  auto r = room.stop(SIGINT);
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(contains(r.out, " bob joined from 127.0.0.1:"), r.out);
  BOOST_TEST(contains(r.out, "2 messages in, 2 datagrams relayed"), r.out);
}

// udplab.exe as a chat member reading its lines from a pipe (the terminal seam's non-console
// input), in a Linux room with a Linux member; UTF-8 passes through unchanged.
BOOST_AUTO_TEST_CASE(windows_member_reads_piped_lines) {
  auto exe = windows_udplab();
  if (!exe) return;
  BackgroundProcess room({udplab_binary(), "chat", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "120s"});
  const std::string target = room_address(room, std::chrono::seconds(10));

  TempDir here;
  // Bob stays long enough for Wine to start the Windows member (seconds on a busy machine).
  write_file(here.path / "bob.txt", "/wait 10s\n");
  BackgroundProcess bob({udplab_binary(), "chat", target, "--name", "bob", "--script", (here.path / "bob.txt").string()});
  auto win = run_process(with(*exe, {"chat", target, "--name", "win", "--linger", "500ms"}), std::chrono::seconds(60),
                         "/wait 200ms\nh\xc3\xa9llo from windows\n/wait 300ms\n");
  BOOST_TEST(win.exit_code == 0, win.out << win.err);
  BOOST_TEST(contains(win.out, "* welcome: you are win"), win.out);
  BOOST_TEST(contains(win.out, "1 message sent;"), win.out);
  auto b = bob.wait(std::chrono::seconds(40));
  BOOST_TEST(b.exit_code == 0, b.err);
  BOOST_TEST(contains(b.out, " win: h\xc3\xa9llo from windows\n"), b.out);
  room.stop(SIGINT);
}

// udplab.exe as a chat member at a console: Wine gives a program started at a Unix terminal a
// Windows console fed from it, so the terminal seam's console path (raw mode, ReadConsoleW,
// UTF-16 to UTF-8, Ctrl-C as a console control event) runs as it would in a Windows terminal.
BOOST_AUTO_TEST_CASE(windows_member_types_at_a_console_and_leaves_on_ctrl_c) {
  auto exe = windows_udplab();
  if (!exe) return;
  BackgroundProcess room({udplab_binary(), "chat", "serve", "--bind", "127.0.0.1", "--port", "0", "--duration", "120s"});
  const std::string target = room_address(room, std::chrono::seconds(10));
  TempDir here;
  write_file(here.path / "bob.txt", "/wait 90s\n");
  BackgroundProcess bob({udplab_binary(), "chat", target, "--name", "bob", "--script", (here.path / "bob.txt").string()});

  PtyProcess console(with(*exe, {"chat", target, "--name", "con"}), 200);  // no line wraps
  BOOST_REQUIRE_MESSAGE(console.wait_for("/quit or Ctrl-D leaves", kWineStart),
                        "no interactive chat at the console: " << console.visible());
  BOOST_REQUIRE(console.wait_for("* welcome: you are con", std::chrono::seconds(20)));
  // A typo taken back with Backspace: only the raw-mode line editor can have removed it.
  console.type("h\xc3\xa9llo from a consolee\x7f\r");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  console.type("\x03");
  auto c = console.wait(std::chrono::seconds(30));
  BOOST_TEST(!c.timed_out, "Ctrl-C did not end udplab.exe chat: " << visible_text(c.out));
  BOOST_TEST(c.exit_code == 0, visible_text(c.out));
  BOOST_TEST(contains(visible_text(c.out), "1 message sent;"), visible_text(c.out));
  // Its own line echoed as UTF-8 text (the C runtime alone would re-encode it: "hÃ©llo").
  BOOST_TEST(contains(visible_text(c.out), " you: h\xc3\xa9llo from a console\n"), visible_text(c.out));

  auto b = bob.stop(SIGINT);
  BOOST_TEST(contains(b.out, " con: h\xc3\xa9llo from a console\n"), b.out);
  BOOST_TEST(!contains(b.out, "consolee"), b.out);
  room.stop(SIGINT);
}

BOOST_AUTO_TEST_SUITE_END()
