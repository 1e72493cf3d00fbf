// udplab tftp get|put HOST[:PORT] REMOTE [LOCAL]
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "progress_bar.hpp"
#include "report/json.hpp"
#include "report/tftp_report.hpp"
#include "tftp/disk_file.hpp"
#include "workload/tftp_workloads.hpp"
#include "terminal.hpp"

namespace udplab::cli {
namespace {

namespace fs = std::filesystem;

// tftp::validate's settings as `udplab tftp get|put` spells them: --timeout sets both timeouts.
const char* flag_of(tftp::ClientField f) {
  switch (f) {
    case tftp::ClientField::server: return "HOST[:PORT]";
    case tftp::ClientField::remote: return "the remote file name";
    case tftp::ClientField::mode: return "--mode";
    case tftp::ClientField::blksize: return "--blksize";
    case tftp::ClientField::windowsize: return "--windowsize";
    case tftp::ClientField::timeout_option: return "--timeout";
    case tftp::ClientField::timeout: return "--timeout";
  }
  return "?";
}

constexpr std::uint16_t kTftpPort = 69;

// The last segment of a remote name ("pxelinux.cfg/default" -> "default").
std::string base_name(const std::string& remote) {
  const auto slash = remote.find_last_of("/\\");
  return slash == std::string::npos ? remote : remote.substr(slash + 1);
}

tftp::ClientConfig client_config(const po::variables_map& vm, const net::Endpoint& server, const std::string& remote) {
  tftp::ClientConfig c;
  c.server = server;
  c.remote = remote;
  const std::string mode = vm["mode"].as<std::string>();
  if (mode == "octet" || mode == "binary") c.mode = tftp::Mode::octet;
  else if (mode == "netascii" || mode == "ascii") c.mode = tftp::Mode::netascii;
  else throw UsageError("--mode must be octet or netascii, not '" + mode + "'");
  if (vm.count("blksize")) c.blksize = static_cast<std::uint32_t>(unsigned_arg(vm, "blksize", tftp::kMinBlksize, tftp::kMaxBlksize));
  if (vm.count("windowsize"))
    c.windowsize = static_cast<std::uint32_t>(unsigned_arg(vm, "windowsize", tftp::kMinWindowsize, tftp::kMaxWindowsize));
  c.tsize = vm["tsize"].as<bool>();
  c.sliding = !vm["rfc7440"].as<bool>();
  if (vm.count("timeout")) {
    const Duration d = duration_arg(vm, "timeout");
    if (d <= Duration::zero() || d > std::chrono::seconds(tftp::kMaxTimeout))
      throw UsageError("--timeout must be more than 0 and at most 255 seconds");
    c.timing.timeout = d;
    // Whole seconds can be agreed with the server (RFC 2349); fractions stay our own.
    if (d % std::chrono::seconds(1) == Duration::zero())
      c.timeout_s = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
  }
  c.timing.retries = static_cast<std::uint32_t>(unsigned_arg(vm, "retries", 0, 100));
  if (auto bad = tftp::validate(c)) throw UsageError(util::describe(*bad, flag_of));
  return c;
}

// "get boot.img: server sent ERROR 1: File not found" and the like.
std::string failure_line(const v1::TftpTransferReport& r) {
  std::string line = r.operation() + " " + r.remote() + ": ";
  if (r.failure() == "peer_error") line += "server sent ";
  return line + r.error();
}

}  // namespace

int run_tftp(const Args& args) {
  const CommandSpec spec{
      "tftp", "get|put HOST[:PORT] REMOTE [LOCAL] [options]",
      "A TFTP client (RFC 1350, with the blksize, timeout, tsize and windowsize options of RFC 2347,\n"
      "2348, 2349 and 7440). 'get' downloads REMOTE into LOCAL, 'put' uploads LOCAL as REMOTE; LOCAL\n"
      "defaults to REMOTE's last path segment (a directory as LOCAL gets that name inside it).\n"
      "A download goes to a temporary file beside LOCAL, renamed when complete: a failed transfer\n"
      "leaves no partial file, and an existing LOCAL is only replaced by a complete download.\n"
      "Lost packets are retransmitted after --timeout, twice as long each time, --retries times;\n"
      "then the transfer stops, naming the block it waited for. Options the server ignores fall\n"
      "back to RFC 1350 (512-byte blocks, lock-step); a server that refuses them (ERROR 0, 4 or 8)\n"
      "is asked again without them.\n\n"
      "Output: a progress bar on a terminal, then one summary line (bytes, time, rate, blksize,\n"
      "windowsize, retransmissions, duplicates); --json prints a TftpTransferReport instead.\n"
      "Exit status: 0 transfer complete, 1 transfer failed (the server's ERROR code and text, or\n"
      "where it timed out), 2 usage error.",
      "  udplab tftp get 192.0.2.10 pxelinux.0\n"
      "  udplab tftp get tftp.example.net:6969 images/boot.img /tmp/boot.img --blksize 1428 --windowsize 16 --tsize\n"
      "  udplab tftp put 192.0.2.10 uploads/router.cfg router.cfg --tsize\n"
      "  udplab tftp get [::1]:6969 notes.txt --mode netascii --timeout 0.5 --retries 3\n"
      "  udplab tftp get 192.0.2.10 big.iso --json --sha256 | jq .goodput_bytes_per_s\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("operation", po::value<std::string>(), "get or put")
      ("server", po::value<std::string>(), "HOST[:PORT] of the server (port 69 unless given)")
      ("remote", po::value<std::string>(), "the file name on the server")
      ("local", po::value<std::string>(), "the local file (default: REMOTE's last segment)")
      ("mode,m", po::value<std::string>()->default_value("octet"), "octet (bytes as they are) or netascii (text, CR LF on the wire)")
      ("blksize,b", po::value<std::string>(), "ask for blocks of this many bytes, 8-65464 (RFC 2348; default 512)")
      ("windowsize,w", po::value<std::string>(), "ask for this many blocks per ACK, 1-65535 (RFC 7440; default 1)")
      ("tsize", po::bool_switch(), "learn the size before a download / announce it for an upload (RFC 2349)")
      ("rfc7440", po::bool_switch(), "plain RFC 7440 windows: without it, a udplab server is also asked for sliding windows (ACK every windowsize/2 blocks, sending on meanwhile)")
      ("timeout,t", po::value<std::string>(), "first retransmission timeout, e.g. 2 or 500ms (default 1s); whole seconds are also asked of the server (RFC 2349)")
      ("retries,r", po::value<std::string>()->default_value("5"), "retransmissions of one packet before giving up")
      ("ipv4,4", po::bool_switch(), "resolve HOST to IPv4 only")
      ("ipv6,6", po::bool_switch(), "resolve HOST to IPv6 only")
      ("sha256", po::bool_switch(), "compute the SHA-256 of the file transferred (summary and JSON)")
      ("quiet,q", po::bool_switch(), "no progress bar")
      ("json", po::bool_switch(), "print the result as a JSON TftpTransferReport on stdout");
  po::positional_options_description pos;
  pos.add("operation", 1).add("server", 1).add("remote", 1).add("local", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("operation")) throw UsageError("missing get or put (see 'udplab tftp --help')");
  const std::string op = vm["operation"].as<std::string>();
  if (op != "get" && op != "put") throw UsageError("expected get or put, not '" + op + "'");
  set_current_command("tftp");
  if (!vm.count("server") || !vm.count("remote")) throw UsageError("missing HOST[:PORT] or REMOTE (see 'udplab tftp --help')");
  const bool get = op == "get";

  std::optional<net::Family> family;
  if (vm["ipv4"].as<bool>() && vm["ipv6"].as<bool>()) throw UsageError("-4 and -6 exclude each other");
  if (vm["ipv4"].as<bool>()) family = net::Family::v4;
  if (vm["ipv6"].as<bool>()) family = net::Family::v6;
  auto server = live::resolve(vm["server"].as<std::string>(), kTftpPort, family);
  if (!server) throw UsageError(server.error());
  const std::string remote = vm["remote"].as<std::string>();
  fs::path local = vm.count("local") ? fs::path(vm["local"].as<std::string>()) : fs::path(base_name(remote));
  if (local.empty()) throw UsageError("cannot name the local file after '" + remote + "': give LOCAL");
  std::error_code ec;
  if (get && fs::is_directory(local, ec)) local /= base_name(remote);

  workload::TftpClientSetup setup;
  setup.config = client_config(vm, *server, remote);
  setup.local = local.string();
  setup.hash = vm["sha256"].as<bool>();
  const bool json = vm["json"].as<bool>();

  live::LiveRuntime rt;
  std::unique_ptr<workload::TftpClientWorkload> client;
  if (get) {
    auto sink = tftp::open_atomic_writer(local);
    if (!sink) throw RuntimeError("cannot write " + local.string() + ": " + sink.error().message());
    client = std::make_unique<workload::TftpClientWorkload>(rt, setup, std::move(*sink));
  } else {
    auto source = tftp::open_disk_reader(local);
    if (!source) {
      if (source.error() == std::errc::invalid_argument) throw RuntimeError(local.string() + " is not a regular file");
      throw RuntimeError("cannot read " + local.string() + ": " + source.error().message());
    }
    client = std::make_unique<workload::TftpClientWorkload>(rt, setup, std::move(*source));
  }

  const Time started = rt.now();
  std::optional<ProgressBar> bar;
  if (!json && !vm["quiet"].as<bool>() && terminal::stderr_is_terminal()) bar.emplace(stderr, op + " " + remote);
  bool summary_printed = false;
  client->on_event([&](const tftp::Event& e) {
    if (const auto* p = std::get_if<tftp::event::Progress>(&e)) {
      if (bar) bar->update(p->bytes, p->total, p->at - started);
    } else if (std::holds_alternative<tftp::event::Done>(e) && !json) {
      // Printed now: a download then dallies a moment in case its last ACK was lost.
      if (bar) bar->clear();
      std::cout << report::render_tftp_transfer(client->report()) << std::endl;
      summary_printed = true;
    }
  });
  client->on_finished([&rt] { rt.stop(); });
  if (auto error = client->start()) throw RuntimeError(*error);
  rt.on_signal([&](int) {
    client->stop();
    rt.stop();
  });
  rt.run();
  client->stop();
  if (bar) bar->clear();

  const auto report = client->report();
  if (json) std::cout << report::to_json(report) << "\n";
  else if (report.ok() && !summary_printed) std::cout << report::render_tftp_transfer(report) << "\n";
  if (!report.ok()) throw RuntimeError(failure_line(report));
  return kExitOk;
}

}  // namespace udplab::cli
