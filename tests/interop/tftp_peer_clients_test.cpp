// Our TFTP server (`udplab tftpd --create`) against third-party clients: tftp-hpa's `tftp`,
// `atftp`, `curl` (tftp://) and `busybox tftp`. Files are compared by SHA-256; the options a
// client asked for and got are read from the server's log line for the transfer.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "interop/tftp_interop.hpp"

using namespace udplab;
using namespace udplab::test;
using namespace udplab::test::tftp_interop;

namespace {

// The server's log line for the transfer of `name` ("PEER read|write NAME MODE [OPTIONS] ...").
std::string log_line(const std::string& log, const std::string& op, const std::string& name) {
  std::istringstream in(log);
  std::string line;
  const std::string needle = " " + op + " " + name + " ";
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) return line;
  return "(no log line for " + op + " " + name + " in:\n" + log + ")";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ProcessResult run_in(const fs::path& cwd, const std::vector<std::string>& argv, std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
  std::vector<std::string> full{"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", cwd.string()};
  full.insert(full.end(), argv.begin(), argv.end());
  return run_process(full, timeout);
}

std::optional<std::string> tftp_hpa() {
  auto program = require_peer("tftp", "tftp-hpa", "our server is not tested against the tftp-hpa client");
  if (!program) return program;
  // Other packages (tftp, the BSD client) also install a `tftp`.
  auto version = run_process({*program, "-V"});
  if (!contains(version.out + version.err, "tftp-hpa")) {
    BOOST_TEST(!peers_required(), *program << " is not tftp-hpa but UDPLAB_REQUIRE_PEERS=1");
    BOOST_TEST_MESSAGE("SKIPPED: " << *program << " is not tftp-hpa");
    return std::nullopt;
  }
  return program;
}

std::optional<std::string> atftp() { return require_peer("atftp", "atftp", "our server is not tested against atftp"); }
std::optional<std::string> curl() { return require_peer("curl", "curl", "our server is not tested against curl"); }
std::optional<std::string> busybox() {
  auto program = require_peer("busybox", "busybox", "our server is not tested against busybox tftp");
  if (program && run_process({*program, "tftp", "--help"}).err.find("-b SIZE") == std::string::npos) {
    BOOST_TEST(!peers_required(), *program << " has no tftp applet with -b but UDPLAB_REQUIRE_PEERS=1");
    BOOST_TEST_MESSAGE("SKIPPED: " << *program << " has no tftp applet with blksize support");
    return std::nullopt;
  }
  return program;
}

const std::string kText = "a\nb\r\nc\rd\n";                              // local (and served) form
const std::string kTextWire = std::string("a\r\nb\r\0\r\nc\r\0d\r\n", 14);  // netascii on the wire

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_peer_clients_test)

// ---- tftp-hpa: RFC 1350 only (no options), octet ("binary") and netascii ----

BOOST_AUTO_TEST_CASE(tftp_hpa_octet_get_and_put) {
  auto tftp = tftp_hpa();
  if (!tftp) return;
  OurServer server;
  TempDir here;
  const std::string port = std::to_string(server.port);
  const std::size_t sizes[] = {0, 1, 512, 513, 70'001};
  for (std::size_t n : sizes) {
    BOOST_TEST_CONTEXT(n << " bytes") {
      const auto name = "f" + std::to_string(n);
      const auto content = seeded_content(n, 2000 + n);
      write_file(server.root / name, content);
      auto get = run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "get", name});
      BOOST_TEST(get.exit_code == 0, get.err);
      BOOST_TEST(get.err.empty(), get.err);
      BOOST_TEST(sha256_file(here.path / name) == sha256_of(content));
      auto put = run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "put", name, "up-" + name});
      BOOST_TEST(put.exit_code == 0, put.err);
      BOOST_TEST(put.err.empty(), put.err);
    }
  }
  const auto log = server.stop_and_log();
  for (std::size_t n : sizes) {
    const auto name = "f" + std::to_string(n);
    BOOST_TEST(sha256_file(server.root / ("up-" + name)) == sha256_of(seeded_content(n, 2000 + n)));
    BOOST_TEST(contains(log_line(log, "read", name), " octet " + std::to_string(n) + " bytes"), log_line(log, "read", name));
    BOOST_TEST(contains(log_line(log, "write", "up-" + name), " octet " + std::to_string(n) + " bytes"));
  }
}

BOOST_AUTO_TEST_CASE(tftp_hpa_netascii_get_and_put) {
  auto tftp = tftp_hpa();
  if (!tftp) return;
  OurServer server;
  TempDir here;
  const std::string port = std::to_string(server.port);
  write_file(server.root / "t.txt", kText);
  auto get = run_in(here.path, {*tftp, "-m", "netascii", "127.0.0.1", port, "-c", "get", "t.txt"});
  BOOST_TEST(get.exit_code == 0, get.err);
  BOOST_TEST(read_file(here.path / "t.txt") == kText);  // tftp-hpa decoded what we encoded
  auto put = run_in(here.path, {*tftp, "-m", "netascii", "127.0.0.1", port, "-c", "put", "t.txt", "up.txt"});
  BOOST_TEST(put.exit_code == 0, put.err);
  // 200 kB of CR, LF, NUL and letters: every pair split across blocks, both ways.
  const auto mixed = seeded_text(200'000, 78);
  write_file(server.root / "mixed.txt", mixed);
  auto mget = run_in(here.path, {*tftp, "-m", "netascii", "127.0.0.1", port, "-c", "get", "mixed.txt"});
  BOOST_TEST(mget.exit_code == 0, mget.err);
  BOOST_TEST(sha256_file(here.path / "mixed.txt") == sha256_of(mixed));
  auto mput = run_in(here.path, {*tftp, "-m", "netascii", "127.0.0.1", port, "-c", "put", "mixed.txt", "mixed-up.txt"});
  BOOST_TEST(mput.exit_code == 0, mput.err);
  const auto log = server.stop_and_log();
  BOOST_TEST(sha256_file(server.root / "mixed-up.txt") == sha256_of(mixed));
  BOOST_TEST(read_file(server.root / "up.txt") == kText);  // we decoded what tftp-hpa encoded
  BOOST_TEST(contains(log_line(log, "read", "t.txt"), " netascii 9 bytes"), log_line(log, "read", "t.txt"));
  BOOST_TEST(contains(log_line(log, "write", "up.txt"), " netascii 9 bytes"), log_line(log, "write", "up.txt"));
}

// 33 MiB at every client's default 512-byte blocks and without options (tftp-hpa has none), so
// nothing but the block number, wrapping past 65535, can carry the transfer: one download and one
// upload per client, compared by SHA-256.
struct RolloverClient {
  std::string name;
  bool silent;  // prints nothing on stderr when it succeeds (busybox draws a progress bar there)
  std::optional<std::string> (*find)();
  // argv for a download of REMOTE into LOCAL, and an upload of LOCAL as REMOTE (cwd: here).
  std::vector<std::string> (*get)(const std::string& program, const std::string& port, const std::string& remote,
                                  const std::string& local);
  std::vector<std::string> (*put)(const std::string& program, const std::string& port, const std::string& local,
                                  const std::string& remote);
};

const RolloverClient kRolloverClients[] = {
    {"tftp-hpa", true, tftp_hpa,
     [](const std::string& p, const std::string& port, const std::string& r, const std::string& l) {
       return std::vector<std::string>{p, "-m", "binary", "127.0.0.1", port, "-c", "get", r, l};
     },
     [](const std::string& p, const std::string& port, const std::string& l, const std::string& r) {
       return std::vector<std::string>{p, "-m", "binary", "127.0.0.1", port, "-c", "put", l, r};
     }},
    {"atftp", true, atftp,
     [](const std::string& p, const std::string& port, const std::string& r, const std::string& l) {
       return std::vector<std::string>{p, "-g", "-r", r, "-l", l, "127.0.0.1", port};
     },
     [](const std::string& p, const std::string& port, const std::string& l, const std::string& r) {
       return std::vector<std::string>{p, "-p", "-r", r, "-l", l, "127.0.0.1", port};
     }},
    {"curl", true, curl,
     [](const std::string& p, const std::string& port, const std::string& r, const std::string& l) {
       return std::vector<std::string>{p, "-sS", "--tftp-no-options", "tftp://127.0.0.1:" + port + "/" + r, "-o", l};
     },
     [](const std::string& p, const std::string& port, const std::string& l, const std::string& r) {
       return std::vector<std::string>{p, "-sS", "--tftp-no-options", "-T", l, "tftp://127.0.0.1:" + port + "/" + r};
     }},
    {"busybox", false, busybox,
     [](const std::string& p, const std::string& port, const std::string& r, const std::string& l) {
       return std::vector<std::string>{p, "tftp", "-g", "-r", r, "-l", l, "127.0.0.1", port};
     },
     [](const std::string& p, const std::string& port, const std::string& l, const std::string& r) {
       return std::vector<std::string>{p, "tftp", "-p", "-r", r, "-l", l, "127.0.0.1", port};
     }},
};

BOOST_AUTO_TEST_CASE(block_number_rollover_33_mib) {
  OurServer server;
  TempDir here;
  const auto content = seeded_content(33 * 1024 * 1024 + 777, 4444);
  const auto expected = sha256_of(content);
  write_file(server.root / "big.bin", content);
  const std::string port = std::to_string(server.port);
  std::vector<std::string> uploaded;
  for (const auto& client : kRolloverClients) {
    BOOST_TEST_CONTEXT(client.name) {
      const auto program = client.find();
      if (!program) continue;
      const std::string local = client.name + ".bin", remote = "up-" + client.name + ".bin";
      auto g = run_in(here.path, client.get(*program, port, "big.bin", local));
      BOOST_TEST(g.exit_code == 0, g.out << g.err);
      if (client.silent) BOOST_TEST(g.err.empty(), g.err);
      BOOST_TEST(sha256_file(here.path / local) == expected);
      auto p = run_in(here.path, client.put(*program, port, local, remote));
      BOOST_TEST(p.exit_code == 0, p.out << p.err);
      if (client.silent) BOOST_TEST(p.err.empty(), p.err);
      uploaded.push_back(remote);
    }
  }
  const auto log = server.stop_and_log();
  for (const auto& remote : uploaded) {
    BOOST_TEST_CONTEXT(remote) {
      BOOST_TEST(sha256_file(server.root / remote) == expected);
      const auto line = log_line(log, "write", remote);
      // "octet N bytes", or "octet [tsize=N] N bytes" from busybox, which always announces tsize.
      const std::string bytes = " " + std::to_string(content.size()) + " bytes";
      const bool whole = contains(line, " octet" + bytes) || contains(line, "]" + bytes);
      BOOST_TEST(whole, line);
      BOOST_TEST(contains(line, ": ok"), line);
    }
  }
}

// tftp-hpa exits 0 even after an ERROR, prints it on stdout and leaves an empty local file.
BOOST_AUTO_TEST_CASE(tftp_hpa_traversal_and_missing_file_refused) {
  auto tftp = tftp_hpa();
  if (!tftp) return;
  OurServer server;
  TempDir here;
  write_file(server.dir.path / "secret", "outside the root");
  const std::string port = std::to_string(server.port);
  auto up = run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "get", "../secret", "s1"});
  BOOST_TEST(contains(up.out, "Error code 2: Access violation"), up.out << up.err);
  BOOST_TEST(read_file(here.path / "s1").empty());
  auto abs = run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "get", (server.dir.path / "secret").string(), "s2"});
  BOOST_TEST(contains(abs.out, "Error code 2: Access violation"), abs.out << abs.err);
  BOOST_TEST(read_file(here.path / "s2").empty());
  auto missing = run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "get", "missing", "s3"});
  BOOST_TEST(contains(missing.out, "Error code 1: File not found"), missing.out << missing.err);
  // An upload outside the root is refused too, and the file there stays as it was.
  write_file(here.path / "evil", "overwritten");
  auto put = run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "put", "evil", "../secret"});
  BOOST_TEST(contains(put.out, "Error code 2: Access violation"), put.out << put.err);
  const auto log = server.stop_and_log();
  BOOST_TEST(read_file(server.dir.path / "secret") == "outside the root");
  BOOST_TEST(contains(log, "4 transfers, 0 completed, 4 failed"), log);
}

// ---- atftp: blksize, tsize, timeout, windowsize; netascii through --option "mode netascii" ----

void atftp_with_options(std::uint32_t blksize, std::uint32_t windowsize) {
  auto atftp_program = atftp();
  if (!atftp_program) return;
  OurServer server;
  TempDir here;
  const auto content = seeded_content(500'009, blksize + windowsize);
  write_file(server.root / "a.bin", content);
  const std::string port = std::to_string(server.port);
  const std::vector<std::string> opts{"--option", "blksize " + std::to_string(blksize), "--option", "tsize 0",
                                      "--option", "windowsize " + std::to_string(windowsize), "--option", "timeout 2"};
  std::vector<std::string> get{*atftp_program, "-g", "-r", "a.bin", "-l", "a.bin"};
  get.insert(get.end(), opts.begin(), opts.end());
  get.insert(get.end(), {"127.0.0.1", port});
  auto g = run_in(here.path, get);
  BOOST_TEST(g.exit_code == 0, g.out << g.err);
  BOOST_TEST(sha256_file(here.path / "a.bin") == sha256_of(content));
  std::vector<std::string> put{*atftp_program, "-p", "-r", "a-up.bin", "-l", "a.bin"};
  put.insert(put.end(), opts.begin(), opts.end());
  put.insert(put.end(), {"127.0.0.1", port});
  auto p = run_in(here.path, put);
  BOOST_TEST(p.exit_code == 0, p.out << p.err);
  const auto log = server.stop_and_log();
  BOOST_TEST(sha256_file(server.root / "a-up.bin") == sha256_of(content));
  for (const auto& line : {log_line(log, "read", "a.bin"), log_line(log, "write", "a-up.bin")}) {
    BOOST_TEST(contains(line, "blksize=" + std::to_string(blksize)), line);
    BOOST_TEST(contains(line, "tsize=" + std::to_string(content.size())), line);
    BOOST_TEST(contains(line, "windowsize=" + std::to_string(windowsize)), line);
    BOOST_TEST(contains(line, "timeout=2"), line);
    BOOST_TEST(contains(line, ": ok"), line);
  }
}

BOOST_AUTO_TEST_CASE(atftp_blksize_1428_windowsize_4_tsize_timeout) { atftp_with_options(1428, 4); }
BOOST_AUTO_TEST_CASE(atftp_blksize_8192_windowsize_8_tsize_timeout) { atftp_with_options(8192, 8); }

// atftp keeps the default socket receive buffer: a window of 16 blocks of 8 KiB overflowed it and
// every window lost its tail (3 MB took 75 s, ~900 retransmissions). We grant what fits (11).
BOOST_AUTO_TEST_CASE(atftp_large_window_is_lowered_to_fit_its_receive_buffer) {
  auto atftp_program = atftp();
  if (!atftp_program) return;
  OurServer server;
  TempDir here;
  const auto content = seeded_content(3'000'000, 16);
  write_file(server.root / "w.bin", content);
  auto g = run_in(here.path, {*atftp_program, "-g", "-r", "w.bin", "-l", "w.bin", "--option", "blksize 8192", "--option",
                              "windowsize 16", "127.0.0.1", std::to_string(server.port)});
  BOOST_TEST(g.exit_code == 0, g.err);
  BOOST_TEST(sha256_file(here.path / "w.bin") == sha256_of(content));
  const auto line = log_line(server.stop_and_log(), "read", "w.bin");
  BOOST_TEST(contains(line, "[blksize=8192 windowsize=11]"), line);
  // A lost window tail costs a timeout and a window of retransmissions; a clean run has none.
  const auto at = line.find(" retransmissions");
  BOOST_TEST_REQUIRE(at != std::string::npos, line);
  const auto count = std::stoul(line.substr(line.rfind(' ', at - 1) + 1));
  BOOST_TEST(count < 20u, line);
}

BOOST_AUTO_TEST_CASE(atftp_octet_and_netascii_without_options) {
  auto atftp_program = atftp();
  if (!atftp_program) return;
  OurServer server;
  TempDir here;
  const std::string port = std::to_string(server.port);
  const auto content = seeded_content(1024, 4);  // exactly two blocks: a third, empty one ends it
  write_file(server.root / "two.bin", content);
  write_file(server.root / "t.txt", kText);
  auto g = run_in(here.path, {*atftp_program, "-g", "-r", "two.bin", "-l", "two.bin", "127.0.0.1", port});
  BOOST_TEST(g.exit_code == 0, g.err);
  BOOST_TEST(sha256_file(here.path / "two.bin") == sha256_of(content));
  auto n = run_in(here.path, {*atftp_program, "-g", "-r", "t.txt", "-l", "t.txt", "--option", "mode netascii", "127.0.0.1", port});
  BOOST_TEST(n.exit_code == 0, n.err);
  BOOST_TEST(read_file(here.path / "t.txt") == kText);
  auto p = run_in(here.path, {*atftp_program, "-p", "-r", "up.txt", "-l", "t.txt", "--option", "mode netascii", "127.0.0.1", port});
  BOOST_TEST(p.exit_code == 0, p.err);
  const auto log = server.stop_and_log();
  BOOST_TEST(read_file(server.root / "up.txt") == kText);
  BOOST_TEST(contains(log_line(log, "read", "two.bin"), " octet 1024 bytes"), log_line(log, "read", "two.bin"));
  BOOST_TEST(contains(log_line(log, "read", "t.txt"), " netascii 9 bytes"), log_line(log, "read", "t.txt"));
  BOOST_TEST(contains(log_line(log, "write", "up.txt"), " netascii 9 bytes"), log_line(log, "write", "up.txt"));
}

BOOST_AUTO_TEST_CASE(atftp_traversal_refused) {
  auto atftp_program = atftp();
  if (!atftp_program) return;
  OurServer server;
  TempDir here;
  write_file(server.dir.path / "secret", "outside the root");
  auto r = run_in(here.path, {*atftp_program, "-g", "-r", "../secret", "-l", "s", "127.0.0.1", std::to_string(server.port)});
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(contains(r.err, "<Access violation: '..' in the file name>"), r.err);
  BOOST_TEST(read_file(here.path / "s").empty());  // atftp creates it; nothing was read into it
  // A refused upload (the name exists and the server may only create files) changes nothing.
  write_file(server.root / "kept", "original");
  write_file(here.path / "new", "replacement");
  auto p = run_in(here.path, {*atftp_program, "-p", "-r", "kept", "-l", "new", "127.0.0.1", std::to_string(server.port)});
  BOOST_TEST(p.exit_code != 0);
  BOOST_TEST(contains(p.err, "<File already exists>"), p.err);  // ERROR 6: --create adds, never replaces
  server.stop_and_log();
  BOOST_TEST(read_file(server.root / "kept") == "original");
  BOOST_TEST(read_file(server.dir.path / "secret") == "outside the root");
}

// ---- curl: tftp:// with --tftp-blksize; it always asks for tsize and timeout ----

BOOST_AUTO_TEST_CASE(curl_get_and_put_with_blksize) {
  auto curl_program = curl();
  if (!curl_program) return;
  OurServer server;
  TempDir here;
  const auto content = seeded_content(400'001, 5);
  write_file(server.root / "c.bin", content);
  const std::string url = "tftp://127.0.0.1:" + std::to_string(server.port) + "/";
  for (const std::string blksize : {"512", "1428", "8192"}) {
    BOOST_TEST_CONTEXT("blksize " << blksize) {
      const auto local = here.path / ("c" + blksize + ".bin");
      auto g = run_process({*curl_program, "-sS", "--tftp-blksize", blksize, url + "c.bin", "-o", local.string()});
      BOOST_TEST(g.exit_code == 0, g.err);
      BOOST_TEST(sha256_file(local) == sha256_of(content));
      auto p = run_process({*curl_program, "-sS", "--tftp-blksize", blksize, "-T", local.string(), url + "up" + blksize + ".bin"});
      BOOST_TEST(p.exit_code == 0, p.err);
    }
  }
  auto plain = run_process({*curl_program, "-sS", "--tftp-no-options", url + "c.bin", "-o", (here.path / "plain.bin").string()});
  BOOST_TEST(plain.exit_code == 0, plain.err);
  BOOST_TEST(sha256_file(here.path / "plain.bin") == sha256_of(content));
  const auto log = server.stop_and_log();
  for (const std::string blksize : {"512", "1428", "8192"}) {
    BOOST_TEST(sha256_file(server.root / ("up" + blksize + ".bin")) == sha256_of(content));
    const auto line = log_line(log, "write", "up" + blksize + ".bin");
    BOOST_TEST(contains(line, "blksize=" + blksize), line);
    BOOST_TEST(contains(line, "tsize=400001"), line);  // curl announces the upload's size
  }
  BOOST_TEST(contains(log, "read c.bin octet [tsize=400001 blksize=8192 timeout=6] 400001 bytes"), log);
  BOOST_TEST(contains(log, "read c.bin octet 400001 bytes"), log);  // --tftp-no-options: no OACK
}

// curl asks for netascii with ";mode=netascii" but does not translate: it writes what came over
// the wire, which checks our server's encoding byte for byte (LF -> CR LF, CR -> CR NUL).
BOOST_AUTO_TEST_CASE(curl_netascii_shows_the_wire_form) {
  auto curl_program = curl();
  if (!curl_program) return;
  OurServer server;
  TempDir here;
  write_file(server.root / "t.txt", kText);
  const auto url = "tftp://127.0.0.1:" + std::to_string(server.port) + "/t.txt;mode=netascii";
  auto g = run_process({*curl_program, "-sS", url, "-o", (here.path / "wire.txt").string()});
  BOOST_TEST(g.exit_code == 0, g.err);
  BOOST_TEST(read_file(here.path / "wire.txt") == kTextWire);
  const auto log = server.stop_and_log();
  // tsize for netascii is the size on the wire, which is what the client will receive.
  BOOST_TEST(contains(log_line(log, "read", "t.txt"), "netascii [tsize=14 "), log_line(log, "read", "t.txt"));
}

// curl maps ERROR 2 to exit 69 (CURLE_TFTP_PERM) and ERROR 1 to exit 68 (CURLE_TFTP_NOTFOUND).
BOOST_AUTO_TEST_CASE(curl_traversal_refused) {
  auto curl_program = curl();
  if (!curl_program) return;
  OurServer server;
  TempDir here;
  write_file(server.dir.path / "secret", "outside the root");
  const std::string base = "tftp://127.0.0.1:" + std::to_string(server.port) + "/";
  auto r = run_process({*curl_program, "-sS", "--path-as-is", base + "../secret", "-o", (here.path / "s").string()});
  BOOST_TEST(r.exit_code == 69, r.err);
  BOOST_TEST(!fs::exists(here.path / "s"));
  auto missing = run_process({*curl_program, "-sS", base + "missing", "-o", (here.path / "m").string()});
  BOOST_TEST(missing.exit_code == 68, missing.err);
  write_file(here.path / "evil", "overwritten");
  auto up = run_process({*curl_program, "-sS", "--path-as-is", "-T", (here.path / "evil").string(), base + "../secret"});
  BOOST_TEST(up.exit_code == 69, up.err);
  const auto log = server.stop_and_log();
  BOOST_TEST(read_file(server.dir.path / "secret") == "outside the root");
  BOOST_TEST(contains(log, "read ../secret octet"), log);
  BOOST_TEST(contains(log, "refused: Access violation: '..' in the file name"), log);
}

// ---- busybox tftp: octet only; always asks for tsize, and for blksize with -b ----

BOOST_AUTO_TEST_CASE(busybox_get_and_put) {
  auto bb = busybox();
  if (!bb) return;
  OurServer server;
  TempDir here;
  const auto content = seeded_content(200'003, 6);
  write_file(server.root / "b.bin", content);
  const std::string port = std::to_string(server.port);
  for (const std::string blksize : {"512", "1428", "8192"}) {
    BOOST_TEST_CONTEXT("blksize " << blksize) {
      const auto local = "b" + blksize + ".bin";
      auto g = run_in(here.path, {*bb, "tftp", "-g", "-r", "b.bin", "-l", local, "-b", blksize, "127.0.0.1", port});
      BOOST_TEST(g.exit_code == 0, g.err);
      BOOST_TEST(sha256_file(here.path / local) == sha256_of(content));
      auto p = run_in(here.path, {*bb, "tftp", "-p", "-r", "up" + blksize + ".bin", "-l", local, "-b", blksize, "127.0.0.1", port});
      BOOST_TEST(p.exit_code == 0, p.err);
    }
  }
  auto plain = run_in(here.path, {*bb, "tftp", "-g", "-r", "b.bin", "-l", "plain.bin", "127.0.0.1", port});
  BOOST_TEST(plain.exit_code == 0, plain.err);
  BOOST_TEST(sha256_file(here.path / "plain.bin") == sha256_of(content));
  const auto log = server.stop_and_log();
  for (const std::string blksize : {"512", "1428", "8192"}) {
    BOOST_TEST(sha256_file(server.root / ("up" + blksize + ".bin")) == sha256_of(content));
    const auto line = log_line(log, "write", "up" + blksize + ".bin");
    // busybox leaves blksize out when it is the default 512, and always sends tsize.
    BOOST_TEST(contains(line, "blksize=") == (blksize != "512"), line);
    BOOST_TEST(contains(line, "tsize=200003"), line);
  }
  BOOST_TEST(contains(log, "read b.bin octet [blksize=8192 tsize=200003] 200003 bytes"), log);
  BOOST_TEST(contains(log, "read b.bin octet [tsize=200003] 200003 bytes"), log);
}

BOOST_AUTO_TEST_CASE(busybox_traversal_and_refused_upload) {
  auto bb = busybox();
  if (!bb) return;
  OurServer server;
  TempDir here;
  write_file(server.dir.path / "secret", "outside the root");
  const std::string port = std::to_string(server.port);
  auto r = run_in(here.path, {*bb, "tftp", "-g", "-r", "../secret", "-l", "s", "127.0.0.1", port});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "server error: (2) Access violation: '..' in the file name"), r.err);
  BOOST_TEST(!fs::exists(here.path / "s"));
  write_file(server.root / "kept", "original");
  write_file(here.path / "new", "replacement");
  auto p = run_in(here.path, {*bb, "tftp", "-p", "-r", "kept", "-l", "new", "127.0.0.1", port});
  BOOST_TEST(p.exit_code == 1);
  BOOST_TEST(contains(p.err, "server error: (6) File already exists"), p.err);
  server.stop_and_log();
  BOOST_TEST(read_file(server.root / "kept") == "original");
  BOOST_TEST(read_file(here.path / "new") == "replacement");
  BOOST_TEST(read_file(server.dir.path / "secret") == "outside the root");
}

// What each client does to an existing local file when the download fails at once (ERROR 1), as
// measured; the table in docs/tftpd.md cites it. (Our own client keeps the file: tests/cli.)
BOOST_AUTO_TEST_CASE(failed_download_over_an_existing_local_file) {
  OurServer server;
  TempDir here;
  const std::string port = std::to_string(server.port);
  auto fresh = [&](const std::string& name) {
    write_file(here.path / name, "precious");
    return name;
  };
  if (auto tftp = tftp_hpa()) {
    run_in(here.path, {*tftp, "-m", "binary", "127.0.0.1", port, "-c", "get", "missing", fresh("hpa")});
    BOOST_TEST(read_file(here.path / "hpa").empty());  // truncated before the request was answered
  }
  if (auto a = atftp()) {
    run_in(here.path, {*a, "-g", "-r", "missing", "-l", fresh("atftp"), "127.0.0.1", port});
    BOOST_TEST(read_file(here.path / "atftp").empty());  // truncated too
  }
  if (auto c = curl()) {
    run_process({*c, "-sS", "tftp://127.0.0.1:" + port + "/missing", "-o", (here.path / fresh("curl")).string()});
    BOOST_TEST(read_file(here.path / "curl") == "precious");  // opened only when data arrives
  }
  if (auto bb = busybox()) {
    run_in(here.path, {*bb, "tftp", "-g", "-r", "missing", "-l", fresh("busybox"), "127.0.0.1", port});
    BOOST_TEST(read_file(here.path / "busybox") == "precious");
  }
}

// Every client over IPv6 loopback (our server bound to ::1 only).
BOOST_AUTO_TEST_CASE(every_client_over_ipv6) {
  if (run_process({"sh", "-c", "test -e /proc/net/if_inet6 && ip -6 addr show lo | grep -q '::1'"}).exit_code != 0) {
    BOOST_TEST_MESSAGE("SKIPPED: no IPv6 loopback");
    return;
  }
  OurServer server({}, "::1");
  TempDir here;
  const auto content = seeded_content(100'003, 66);
  const auto expected = sha256_of(content);
  write_file(server.root / "v6.bin", content);
  const std::string port = std::to_string(server.port);
  if (auto tftp = tftp_hpa()) {
    auto r = run_in(here.path, {*tftp, "-6", "-m", "binary", "::1", port, "-c", "get", "v6.bin", "hpa.bin"});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(sha256_file(here.path / "hpa.bin") == expected);
  }
  if (auto a = atftp()) {
    auto r = run_in(here.path, {*a, "-g", "-r", "v6.bin", "-l", "atftp.bin", "--option", "blksize 1428", "::1", port});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(sha256_file(here.path / "atftp.bin") == expected);
  }
  if (auto c = curl()) {
    auto r = run_process({*c, "-sS", "--tftp-blksize", "1428", "tftp://[::1]:" + port + "/v6.bin", "-o", (here.path / "curl.bin").string()});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(sha256_file(here.path / "curl.bin") == expected);
  }
  if (auto bb = busybox()) {
    auto r = run_in(here.path, {*bb, "tftp", "-g", "-r", "v6.bin", "-l", "busybox.bin", "-b", "1428", "::1", port});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(sha256_file(here.path / "busybox.bin") == expected);
  }
  const auto log = server.stop_and_log();
  BOOST_TEST(contains(log, "[::1]:"), log);  // the peers' addresses are IPv6
}

BOOST_AUTO_TEST_SUITE_END()
