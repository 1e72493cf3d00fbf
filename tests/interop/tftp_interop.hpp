// Shared pieces of the TFTP interoperability suites: finding the third-party peers (tftpd-hpa,
// atftpd, tftp-hpa, atftp, curl, busybox), starting a peer daemon on a free loopback port and
// waiting until it answers, seeded file content, SHA-256 of files, and our client's JSON report.
#pragma once

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <google/protobuf/util/json_util.h>

#include "support/cli_helpers.hpp"
#include "udplab/v1/report.pb.h"
#include "util/sha256.hpp"

namespace udplab::test::tftp_interop {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "udplab-interop-tftp-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()));
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// Content that depends only on (size, seed): splitmix64 output, little-endian.
inline std::string seeded_content(std::size_t n, std::uint64_t seed) {
  std::string s(n, '\0');
  std::uint64_t x = seed;
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    for (std::size_t k = 0; k < 8 && i + k < n; ++k) s[i + k] = static_cast<char>(z >> (8 * k));
  }
  return s;
}

// Text that stresses netascii: CR, LF, CR LF, CR NUL and NUL everywhere, also across blocks.
inline std::string seeded_text(std::size_t n, std::uint64_t seed) {
  static const char alphabet[] = {'a', 'b', '\r', '\n', '\n', '\r', '\0', 'x', 'y', 'z'};
  std::string s = seeded_content(n, seed);
  for (char& c : s) c = alphabet[static_cast<unsigned char>(c) % sizeof alphabet];
  return s;
}

inline void write_file(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
  BOOST_REQUIRE_MESSAGE(out.good(), "cannot write " << p);
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline std::string sha256_of(const std::string& content) { return util::sha256_hex(content); }

inline std::string sha256_file(const fs::path& p) {
  if (!fs::exists(p)) return "(missing " + p.filename().string() + ")";
  return sha256_of(read_file(p));
}

// What a peer server wrote, read once it holds `expected` or after `timeout`. A server may send
// the last ACK of an upload before it closes the file (atftpd fcloses after its ACK, so a short
// file can still sit in its stdio buffer when our client exits): the test waits for the file, not
// for the peer's timing.
inline std::string peer_written_sha256(const fs::path& p, const std::string& expected,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto got = sha256_file(p);
    if (got == expected || std::chrono::steady_clock::now() >= deadline) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Where tools/bootstrap.sh unpacks peers that cannot be installed next to the others as packages
// (atftpd conflicts with tftpd-hpa): UDPLAB_PEERS_DIR, or build/peers in the source tree.
inline fs::path peers_dir() {
  if (const char* v = std::getenv("UDPLAB_PEERS_DIR"); v && *v) return v;
  return fs::path(UDPLAB_SOURCE_DIR) / "build" / "peers";
}

inline bool executable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p); }

// `name` on PATH, then in /usr/sbin and /sbin (not on a normal user's PATH), then in the unpacked
// package `package` under peers_dir(), if given.
inline std::optional<std::string> find_program(const std::string& name, const std::string& package = "") {
  std::vector<fs::path> dirs;
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    for (std::size_t start = 0; start <= p.size();) {
      const auto end = std::min(p.find(':', start), p.size());
      if (end > start) dirs.emplace_back(p.substr(start, end - start));
      start = end + 1;
    }
  }
  dirs.emplace_back("/usr/sbin");
  dirs.emplace_back("/sbin");
  if (!package.empty()) dirs.push_back(peers_dir() / package / "usr" / "sbin");
  for (const auto& d : dirs)
    if (executable(d / name)) return (d / name).string();
  return std::nullopt;
}

// A peer's program, or nothing with a message: the test then returns early (skipped), unless
// UDPLAB_REQUIRE_PEERS=1, where a missing peer fails it.
inline std::optional<std::string> require_peer(const std::string& name, const std::string& package, const std::string& how) {
  if (auto p = find_program(name, package)) return p;
  if (peers_required()) {
    BOOST_ERROR(name << " (Debian package " << package << ") is required (UDPLAB_REQUIRE_PEERS=1) but not found; " << how);
  } else {
    BOOST_TEST_MESSAGE("SKIPPED: " << name << " (Debian package " << package << ") not found; " << how
                                   << " (tools/bootstrap.sh deps installs it)");
  }
  return std::nullopt;
}

// The user and group names the daemons should run as: the current ones (root in CI), so that they
// can read and write the test's files without dropping to nobody.
inline std::string current_user() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw ? pw->pw_name : std::to_string(::geteuid());
}
inline std::string current_group() {
  const group* gr = ::getgrgid(::getegid());
  return gr ? gr->gr_name : std::to_string(::getegid());
}

// Readiness: sends an RRQ for a file that does not exist to 127.0.0.1:port until something
// answers (the daemon's ERROR 1), polling 50 ms for each answer.
inline bool wait_for_tftp(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return false;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  static const char rrq[] = "\0\1udplab-readiness-probe-missing\0octet";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool answered = false;
  while (!answered && std::chrono::steady_clock::now() < deadline) {
    (void)::sendto(fd, rrq, sizeof rrq, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) == 1) {
      char buf[600];
      answered = ::recv(fd, buf, sizeof buf, 0) >= 4;
    }
  }
  ::close(fd);
  return answered;
}

// A third-party TFTP server running in the foreground on 127.0.0.1 with a fresh root directory.
struct PeerServer {
  TempDir dir;   // dir/root is served; dir itself holds files a traversal would reach
  fs::path root;
  std::uint16_t port = 0;
  std::string address;
  std::unique_ptr<BackgroundProcess> process;

  PeerServer() : root(dir.path / "root") { fs::create_directory(root); }

  // `make_args(port)` gives the daemon's command line; retried on another port if it does not answer.
  template <typename MakeArgs>
  bool start(MakeArgs make_args) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      port = free_udp_port();
      process = std::make_unique<BackgroundProcess>(make_args(port));
      if (wait_for_tftp(port, std::chrono::seconds(5))) {
        address = "127.0.0.1:" + std::to_string(port);
        return true;
      }
      auto r = process->stop();
      BOOST_TEST_MESSAGE("TFTP peer did not answer on port " << port << ": " << r.out << r.err);
    }
    return false;
  }

  static std::vector<std::string> hpa_args(const std::string& program, const fs::path& root, std::uint16_t port, bool create) {
    std::vector<std::string> a{program, "--foreground", "--address", "127.0.0.1:" + std::to_string(port), "--secure",
                               "--user", current_user(), "--verbose"};
    if (create) a.push_back("--create");
    a.push_back(root.string());
    return a;
  }
  static std::vector<std::string> atftpd_args(const std::string& program, const fs::path& root, std::uint16_t port) {
    return {program, "--daemon", "--no-fork", "--port", std::to_string(port), "--bind-address", "127.0.0.1",
            "--user", current_user() + "." + current_group(), "--logfile", "-", root.string()};
  }
};

// `udplab tftp ARGS --json -q` and its report.
struct ClientRun {
  ProcessResult process;
  v1::TftpTransferReport report;
  bool parsed = false;
};

inline ClientRun our_client(std::vector<std::string> args) {
  args.insert(args.begin(), "tftp");
  args.insert(args.end(), {"--json", "-q", "--timeout", "0.5"});
  ClientRun run;
  run.process = run_udplab(args, std::chrono::seconds(120));
  run.parsed = google::protobuf::util::JsonStringToMessage(run.process.out, &run.report).ok();
  return run;
}

// `udplab tftpd` with uploads allowed, on loopback and an ephemeral port.
struct OurServer {
  TempDir dir;  // dir/root is served
  fs::path root;
  std::unique_ptr<BackgroundProcess> process;
  std::uint16_t port = 0;
  // `bind` is 127.0.0.1 or ::1 (printed as [::1]).
  explicit OurServer(std::vector<std::string> extra = {}, const std::string& bind = "127.0.0.1") : root(dir.path / "root") {
    fs::create_directory(root);
    std::vector<std::string> args{udplab_binary(), "tftpd", "--root", root.string(), "--create", "--bind", bind,
                                  "--port", "0", "--timeout", "500ms", "--duration", "300s"};
    args.insert(args.end(), extra.begin(), extra.end());
    process = std::make_unique<BackgroundProcess>(args);
    auto line = process->read_line();
    BOOST_REQUIRE_MESSAGE(line, "udplab tftpd printed nothing");
    const std::string prefix = "tftp server on " + (bind.find(':') != std::string::npos ? "[" + bind + "]" : bind) + ":";
    BOOST_REQUIRE_MESSAGE(line->rfind(prefix, 0) == 0, *line);
    port = static_cast<std::uint16_t>(std::stoi(line->substr(prefix.size())));
  }
  // Stops the server; its stdout has one log line per transfer.
  std::string stop_and_log() {
    auto r = process->stop(SIGINT);
    return r.out;
  }
};

}  // namespace udplab::test::tftp_interop
