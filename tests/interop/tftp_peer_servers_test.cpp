// Our TFTP client (the udplab binary) against third-party servers: tftpd-hpa (in.tftpd) and
// atftpd, each started by the test in the foreground on a free loopback port with a temporary
// root. Files are compared by SHA-256; options by what our client's JSON report says was granted.
#include <boost/test/unit_test.hpp>

#include <csignal>

#include "interop/tftp_interop.hpp"
#include "tftp/options.hpp"

using namespace udplab;
using namespace udplab::test;
using namespace udplab::test::tftp_interop;

namespace {

enum class Peer { hpa, atftpd };

const char* peer_name(Peer p) { return p == Peer::hpa ? "tftpd-hpa" : "atftpd"; }

// Starts the peer serving `server.root`; false (after a message or a failure) when it is missing.
bool start(Peer peer, PeerServer& server, bool create = true) {
  if (peer == Peer::hpa) {
    auto program = require_peer("in.tftpd", "tftpd-hpa", "our client is not tested against tftpd-hpa");
    if (!program) return false;
    // atftpd's package also ships an in.tftpd (a link to atftpd): make sure this one is tftpd-hpa.
    auto version = run_process({*program, "-V"});
    if (version.out.find("tftp-hpa") == std::string::npos && version.err.find("tftp-hpa") == std::string::npos) {
      BOOST_TEST_MESSAGE("SKIPPED: " << *program << " is not tftpd-hpa: " << version.out << version.err);
      BOOST_TEST(!peers_required(), *program << " is not tftpd-hpa but UDPLAB_REQUIRE_PEERS=1");
      return false;
    }
    // in.tftpd --secure chroots into the root and drops to --user: both need root. (atftpd runs
    // as any user.) Not a missing peer, so a skip even with UDPLAB_REQUIRE_PEERS=1.
    if (::geteuid() != 0) {
      BOOST_TEST_MESSAGE("SKIPPED: tftpd-hpa needs root here (chroot for --secure); run the interop tests as root");
      return false;
    }
    const auto ok = server.start([&](std::uint16_t port) { return PeerServer::hpa_args(*program, server.root, port, create); });
    BOOST_TEST_REQUIRE(ok, "in.tftpd did not answer on a loopback port");
    return true;
  }
  auto program = require_peer("atftpd", "atftpd", "our client is not tested against atftpd");
  if (!program) return false;
  const auto ok = server.start([&](std::uint16_t port) { return PeerServer::atftpd_args(*program, server.root, port); });
  BOOST_TEST_REQUIRE(ok, "atftpd did not answer on a loopback port");
  return true;
}

void check_ok(const ClientRun& run) {
  BOOST_TEST_REQUIRE(run.process.exit_code == 0, "exit " << run.process.exit_code << ": " << run.process.err);
  BOOST_TEST_REQUIRE(run.parsed, "no JSON report: " << run.process.out);
  BOOST_TEST(run.report.ok());
}

// Octet downloads and uploads of the sizes that find off-by-one errors: empty, one byte, exactly
// one block, a block and one byte, and an odd size of many blocks.
void octet_get_and_put(Peer peer) {
  PeerServer server;
  if (!start(peer, server)) return;
  TempDir here;
  const std::size_t sizes[] = {0, 1, 511, 512, 513, 70'001};
  for (std::size_t n : sizes) {
    BOOST_TEST_CONTEXT(peer_name(peer) << ", " << n << " bytes") {
      const auto name = "f" + std::to_string(n) + ".bin";
      const auto content = seeded_content(n, 1000 + n);
      write_file(server.root / name, content);
      auto got = our_client({"get", server.address, name, (here.path / name).string()});
      check_ok(got);
      BOOST_TEST(sha256_file(here.path / name) == sha256_of(content));
      BOOST_TEST(got.report.bytes() == n);
      BOOST_TEST(got.report.blocks() == n / 512 + 1);
      BOOST_TEST(!got.report.negotiated().oack());  // no options asked, none granted

      const auto up = "up-" + name;
      auto put = our_client({"put", server.address, up, (here.path / name).string()});
      check_ok(put);
      BOOST_TEST(peer_written_sha256(server.root / up, sha256_of(content)) == sha256_of(content));
    }
  }
}

// netascii: LF is CR LF on the wire and a lone CR is CR NUL (RFC 764); both sides translate, so
// the file arrives byte for byte as it was, and the wire carries one extra byte per LF and per CR.
void netascii_get_and_put(Peer peer) {
  PeerServer server;
  if (!start(peer, server)) return;
  TempDir here;
  // 3 LF, 2 CR (one of them before an LF), and a block boundary inside a CR LF pair on the wire.
  std::string text = "line one\nline two\r\nbare\rcr end\n";
  text += std::string(511 - text.size() - 1, 'x') + "\n" + "after the boundary\n";
  std::size_t lf = 0, cr = 0;
  for (char c : text) {
    lf += c == '\n';
    cr += c == '\r';
  }
  write_file(server.root / "text.txt", text);
  auto got = our_client({"get", server.address, "text.txt", (here.path / "text.txt").string(), "--mode", "netascii"});
  check_ok(got);
  BOOST_TEST(read_file(here.path / "text.txt") == text);
  BOOST_TEST(got.report.bytes() == text.size());
  BOOST_TEST(got.report.wire_bytes() == text.size() + lf + cr, "wire " << got.report.wire_bytes());

  auto put = our_client({"put", server.address, "up.txt", (here.path / "text.txt").string(), "--mode", "netascii"});
  check_ok(put);
  BOOST_TEST(peer_written_sha256(server.root / "up.txt", sha256_of(text)) == sha256_of(text));
  BOOST_TEST(put.report.wire_bytes() == text.size() + lf + cr);

  // 200 kB of CR, LF, NUL and letters at blksize 1000: every kind of pair split across blocks.
  const auto mixed = seeded_text(200'000, 77);
  std::size_t extra = 0;
  for (char c : mixed) extra += c == '\n' || c == '\r';
  write_file(server.root / "mixed.txt", mixed);
  auto mget = our_client({"get", server.address, "mixed.txt", (here.path / "mixed.txt").string(), "--mode", "netascii",
                          "--blksize", "1000"});
  check_ok(mget);
  BOOST_TEST(sha256_file(here.path / "mixed.txt") == sha256_of(mixed));
  BOOST_TEST(mget.report.wire_bytes() == mixed.size() + extra);
  auto mput = our_client({"put", server.address, "mixed-up.txt", (here.path / "mixed.txt").string(), "--mode", "netascii",
                          "--blksize", "1000"});
  check_ok(mput);
  BOOST_TEST(peer_written_sha256(server.root / "mixed-up.txt", sha256_of(mixed)) == sha256_of(mixed));
}

// blksize (RFC 2348), tsize (RFC 2349) and windowsize (RFC 7440) as the peer grants them.
void options(Peer peer, std::uint32_t blksize, std::uint32_t windowsize) {
  PeerServer server;
  if (!start(peer, server)) return;
  TempDir here;
  const auto content = seeded_content(300'007, blksize * 31 + windowsize);
  write_file(server.root / "opt.bin", content);
  const std::vector<std::string> opts{"--blksize", std::to_string(blksize), "--windowsize", std::to_string(windowsize), "--tsize"};
  auto args = std::vector<std::string>{"get", server.address, "opt.bin", (here.path / "opt.bin").string()};
  args.insert(args.end(), opts.begin(), opts.end());
  auto got = our_client(args);
  check_ok(got);
  BOOST_TEST(sha256_file(here.path / "opt.bin") == sha256_of(content));
  const auto& n = got.report.negotiated();
  BOOST_TEST(n.oack());
  BOOST_TEST(n.blksize() == blksize);
  BOOST_TEST(n.tsize() == content.size());
  // tftpd-hpa 5.2 knows no windowsize: it leaves the option out of its OACK, and the transfer
  // falls back to lock-step. atftpd 0.8 grants it.
  BOOST_TEST(n.windowsize() == (peer == Peer::hpa ? 1u : windowsize));
  BOOST_TEST(got.report.blocks() == content.size() / blksize + 1);

  // The timeout option (RFC 2349) is asked for when --timeout is whole seconds; both grant it.
  auto timed = run_udplab({"tftp", "get", server.address, "opt.bin", (here.path / "timed.bin").string(), "--timeout", "2",
                           "--blksize", std::to_string(blksize), "--json", "-q"});
  v1::TftpTransferReport timed_report;
  BOOST_TEST_REQUIRE(google::protobuf::util::JsonStringToMessage(timed.out, &timed_report).ok(), timed.out << timed.err);
  BOOST_TEST(timed_report.ok());
  BOOST_TEST(timed_report.negotiated().timeout_s() == 2u);
  BOOST_TEST(timed_report.negotiated().blksize() == blksize);

  args = {"put", server.address, "opt-up.bin", (here.path / "opt.bin").string()};
  args.insert(args.end(), opts.begin(), opts.end());
  auto put = our_client(args);
  check_ok(put);
  BOOST_TEST(sha256_file(server.root / "opt-up.bin") == sha256_of(content));
  BOOST_TEST(put.report.negotiated().blksize() == blksize);
  BOOST_TEST(put.report.negotiated().windowsize() == (peer == Peer::hpa ? 1u : windowsize));
}

// A missing file: ERROR 1 shown in one line, and the local file of that name left as it was.
void missing_file(Peer peer) {
  PeerServer server;
  if (!start(peer, server)) return;
  TempDir here;
  write_file(here.path / "precious", "keep me");
  auto args = std::vector<std::string>{"tftp", "get", server.address, "no-such-file", (here.path / "precious").string()};
  auto r = run_udplab(args);
  check_one_line_error(r, 1, "udplab tftp: get no-such-file: server sent ERROR 1: File not found");
  BOOST_TEST(read_file(here.path / "precious") == "keep me");
  BOOST_TEST(std::distance(fs::directory_iterator(here.path), fs::directory_iterator()) == 1);  // no temporary left
}

// A 33 MiB file at 512-byte blocks: 67,586 blocks, so the 16-bit block number wraps to 0.
void rollover(Peer peer) {
  PeerServer server;
  if (!start(peer, server)) return;
  TempDir here;
  const auto content = seeded_content(33 * 1024 * 1024 + 777, 33);
  write_file(server.root / "big.bin", content);
  const auto expected = sha256_of(content);
  auto got = our_client({"get", server.address, "big.bin", (here.path / "big.bin").string(), "--sha256"});
  check_ok(got);
  BOOST_TEST(got.report.blocks() == content.size() / 512 + 1);
  BOOST_TEST(got.report.sha256() == expected);
  BOOST_TEST(sha256_file(here.path / "big.bin") == expected);

  auto put = our_client({"put", server.address, "big-up.bin", (here.path / "big.bin").string()});
  check_ok(put);
  BOOST_TEST(sha256_file(server.root / "big-up.bin") == expected);

  if (peer == Peer::atftpd) {
    // The wrap inside windows of 8 (RFC 7440 with 16-bit block numbers), both ways.
    fs::remove(here.path / "big.bin");
    auto wget = our_client({"get", server.address, "big-up.bin", (here.path / "big.bin").string(), "--windowsize", "8"});
    check_ok(wget);
    BOOST_TEST(wget.report.negotiated().windowsize() == 8u);
    BOOST_TEST(sha256_file(here.path / "big.bin") == expected);
    auto wput = our_client({"put", server.address, "big-w.bin", (here.path / "big.bin").string(), "--windowsize", "8"});
    check_ok(wput);
    BOOST_TEST(sha256_file(server.root / "big-w.bin") == expected);
  }
}

// atftpd grants any windowsize, whatever its block size. A window larger than the receiving
// socket's buffer loses its tail every time, and the transfer stalls in retransmissions: an
// upload (into atftpd's default buffer) is asked for with no more than fits kDefaultWindowBudget,
// a download with no more than our own socket's buffer holds.
void large_windows_fit_the_receive_buffers(std::uint32_t blksize, std::uint32_t windowsize) {
  PeerServer server;
  if (!start(Peer::atftpd, server)) return;
  TempDir here;
  const auto content = seeded_content(4 * 1024 * 1024 + 5, blksize + windowsize);
  write_file(here.path / "src.bin", content);
  const std::vector<std::string> opts{"--blksize", std::to_string(blksize), "--windowsize", std::to_string(windowsize)};
  auto args = std::vector<std::string>{"put", server.address, "up.bin", (here.path / "src.bin").string()};
  args.insert(args.end(), opts.begin(), opts.end());
  auto put = our_client(args);
  check_ok(put);
  BOOST_TEST(sha256_file(server.root / "up.bin") == sha256_of(content));
  BOOST_TEST(put.report.negotiated().windowsize() ==
             tftp::fit_window(windowsize, blksize, tftp::kDefaultWindowBudget));

  args = {"get", server.address, "up.bin", (here.path / "got.bin").string()};
  args.insert(args.end(), opts.begin(), opts.end());
  auto got = our_client(args);
  check_ok(got);
  BOOST_TEST(sha256_file(here.path / "got.bin") == sha256_of(content));
  BOOST_TEST(got.report.negotiated().windowsize() >= 1u);
  BOOST_TEST(got.report.negotiated().windowsize() <= windowsize);
}

// RFC 2347: a server that answers options with an ERROR may be asked again without them. atftpd
// sends ERROR 8 when its OACK would not fit the requested block size (tsize with blksize 8).
void refused_options_fall_back(Peer peer) {
  PeerServer server;
  if (!start(peer, server)) return;
  TempDir here;
  const auto content = seeded_content(5000, 8);
  write_file(server.root / "small.bin", content);
  auto got = our_client({"get", server.address, "small.bin", (here.path / "small.bin").string(), "--blksize", "8", "--tsize"});
  check_ok(got);
  BOOST_TEST(sha256_file(here.path / "small.bin") == sha256_of(content));
  if (peer == Peer::atftpd) {
    BOOST_TEST(got.report.negotiated().options_dropped());
    BOOST_TEST(got.report.negotiated().blksize() == 512u);
  } else {
    // tftpd-hpa grants blksize 8 (and tsize): 626 blocks of 8 bytes.
    BOOST_TEST(got.report.negotiated().blksize() == 8u);
    BOOST_TEST(got.report.blocks() == 626u);
  }
}

}  // namespace

// Every test case name starts with its peer, tftpd_hpa_ or atftpd_: tests/CMakeLists.txt runs each
// peer's cases as a CTest test of its own (interop.tftp_peer_servers_test.<peer>).
#define BOTH_PEERS(name, ...)                                  \
  BOOST_AUTO_TEST_CASE(tftpd_hpa_##name) { __VA_ARGS__(Peer::hpa); } \
  BOOST_AUTO_TEST_CASE(atftpd_##name) { __VA_ARGS__(Peer::atftpd); }

BOOST_AUTO_TEST_SUITE(tftp_peer_servers_test)

BOTH_PEERS(octet_get_and_put, octet_get_and_put)
BOTH_PEERS(netascii_get_and_put, netascii_get_and_put)
BOTH_PEERS(blksize_1428_windowsize_4_tsize, [](Peer p) { options(p, 1428, 4); })
BOTH_PEERS(blksize_8192_windowsize_8_tsize, [](Peer p) { options(p, 8192, 8); })
BOTH_PEERS(missing_file_is_error_1, missing_file)
BOTH_PEERS(block_number_rollover_33_mib, rollover)
BOTH_PEERS(blksize_8_with_tsize, refused_options_fall_back)

BOOST_AUTO_TEST_CASE(atftpd_blksize_8192_windowsize_16) { large_windows_fit_the_receive_buffers(8192, 16); }
BOOST_AUTO_TEST_CASE(atftpd_blksize_65464_windowsize_4) { large_windows_fit_the_receive_buffers(65464, 4); }
BOOST_AUTO_TEST_CASE(atftpd_blksize_65464_windowsize_16) { large_windows_fit_the_receive_buffers(65464, 16); }

// tftpd-hpa refuses to overwrite a file that is not world-writable (and to create one without
// --create): the file on the server stays as it was, and the local file too.
BOOST_AUTO_TEST_CASE(tftpd_hpa_refused_upload_leaves_files_untouched) {
  PeerServer server;
  if (!start(Peer::hpa, server, /*create=*/false)) return;
  TempDir here;
  write_file(server.root / "config", "remote original");
  fs::permissions(server.root / "config", fs::perms(0644));
  write_file(here.path / "config", "local replacement");
  auto r = run_udplab({"tftp", "put", server.address, "config", (here.path / "config").string()});
  check_one_line_error(r, 1, "server sent ERROR 2: File must have global write permissions");
  BOOST_TEST(read_file(server.root / "config") == "remote original");
  BOOST_TEST(read_file(here.path / "config") == "local replacement");
  auto created = run_udplab({"tftp", "put", server.address, "new-file", (here.path / "config").string()});
  check_one_line_error(created, 1, "server sent ERROR 1: File not found");  // no --create
  BOOST_TEST(!fs::exists(server.root / "new-file"));
}

// tftpd-hpa over IPv6 loopback. (atftpd 0.8 does not answer on ::1: --bind-address takes IPv4.)
BOOST_AUTO_TEST_CASE(tftpd_hpa_over_ipv6) {
  if (run_process({"sh", "-c", "test -e /proc/net/if_inet6 && ip -6 addr show lo | grep -q '::1'"}).exit_code != 0) {
    BOOST_TEST_MESSAGE("SKIPPED: no IPv6 loopback");
    return;
  }
  auto program = require_peer("in.tftpd", "tftpd-hpa", "our client is not tested against tftpd-hpa");
  if (!program) return;
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("SKIPPED: tftpd-hpa needs root here (chroot for --secure)");
    return;
  }
  PeerServer server;
  const auto content = seeded_content(100'003, 6);
  write_file(server.root / "v6.bin", content);
  std::uint16_t port = 0;
  for (int attempt = 0; attempt < 3 && !server.process; ++attempt) {
    port = free_udp_port();
    server.process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{*program, "--foreground", "--address", "[::1]:" + std::to_string(port), "--secure",
                                 "--create", "--user", current_user(), server.root.string()});
    if (!wait_for_udp_port(port)) server.process.reset();
  }
  BOOST_TEST_REQUIRE(server.process != nullptr, "in.tftpd did not bind [::1]");
  TempDir here;
  const auto address = "[::1]:" + std::to_string(port);
  auto got = our_client({"get", address, "v6.bin", (here.path / "v6.bin").string(), "--blksize", "1428", "--tsize"});
  check_ok(got);
  BOOST_TEST(sha256_file(here.path / "v6.bin") == sha256_of(content));
  BOOST_TEST(got.report.negotiated().blksize() == 1428u);
  auto put = our_client({"put", address, "v6-up.bin", (here.path / "v6.bin").string()});
  check_ok(put);
  BOOST_TEST(peer_written_sha256(server.root / "v6-up.bin", sha256_of(content)) == sha256_of(content));
}

// atftpd refuses names with "..": the file that name would reach, beside the root, is untouched.
BOOST_AUTO_TEST_CASE(atftpd_refused_upload_leaves_files_untouched) {
  PeerServer server;
  if (!start(Peer::atftpd, server)) return;
  TempDir here;
  write_file(server.dir.path / "victim", "outside the root");
  write_file(here.path / "evil", "overwritten");
  auto r = run_udplab({"tftp", "put", server.address, "../victim", (here.path / "evil").string()});
  check_one_line_error(r, 1, "server sent ERROR 2: Access violation");
  BOOST_TEST(read_file(server.dir.path / "victim") == "outside the root");
  BOOST_TEST(read_file(here.path / "evil") == "overwritten");
  BOOST_TEST(!fs::exists(server.root / "victim"));
}

BOOST_AUTO_TEST_SUITE_END()
