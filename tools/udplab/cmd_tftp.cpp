// udplab tftp get|put HOST[:PORT] REMOTE [LOCAL]
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "option_messages.hpp"
#include "options/tftp_options.hpp"
#include "progress_bar.hpp"
#include "report/json.hpp"
#include "report/tftp_report.hpp"
#include "tftp/disk_file.hpp"
#include "workload/tftp_workloads.hpp"
#include "terminal.hpp"

namespace udplab::cli {
namespace {

namespace fs = std::filesystem;

// The last segment of a remote name ("pxelinux.cfg/default" -> "default").
std::string base_name(const std::string& remote) {
  const auto slash = remote.find_last_of("/\\");
  return slash == std::string::npos ? remote : remote.substr(slash + 1);
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
      ("local", po::value<std::string>(), "the local file (default: REMOTE's last segment)");
  add_tftp_client_flags(o);
  o.add_options()
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
  auto server = live::resolve(vm["server"].as<std::string>(), options::kTftpPort, family);
  if (!server) throw UsageError(server.error());
  const std::string remote = vm["remote"].as<std::string>();
  fs::path local = vm.count("local") ? fs::path(vm["local"].as<std::string>()) : fs::path(base_name(remote));
  if (local.empty()) throw UsageError("cannot name the local file after '" + remote + "': give LOCAL");
  std::error_code ec;
  if (get && fs::is_directory(local, ec)) local /= base_name(remote);

  workload::TftpClientSetup setup;
  setup.config = translated(options::to_tftp_client(tftp_client_options(vm, server->to_string(), remote),
                                                     get ? tftp::Direction::read : tftp::Direction::write, {}),
                            kTftpClientFlags)
                     .config;
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
