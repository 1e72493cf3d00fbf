// udplab tftpd --root DIR [options]
#include <iostream>

#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "net/bind_fallback.hpp"
#include "option_messages.hpp"
#include "options/tftp_options.hpp"
#include "report/json.hpp"
#include "report/tftp_report.hpp"
#include "tftp/disk_store.hpp"
#include "workload/tftp_workloads.hpp"

namespace udplab::cli {

int run_tftpd(const Args& args) {
  const CommandSpec spec{
      "tftpd", "--root DIR [options]",
      "A TFTP server (RFC 1350 with the RFC 2347/2348/2349/7440 options) for the regular files under\n"
      "DIR. Each transfer gets its own port (transfer ID), timers and file handle; many run at once.\n"
      "Names that are absolute, contain '..', a backslash or a NUL, or lead (through symlinks) out\n"
      "of DIR, and devices, FIFOs and directories are refused with ERROR 2. Uploads are refused\n"
      "unless --writable (replace existing files) or --create (add new files) is given; an upload\n"
      "lands atomically (temporary file, fsync, rename): a failed one changes nothing.\n\n"
      "Port 69, the default, needs root (or CAP_NET_BIND_SERVICE); use --port 6969 or another port\n"
      "above 1023 otherwise. Prints one log line per transfer (peer, file, mode, options, bytes,\n"
      "duration, retransmissions, outcome) and a summary when stopped (Ctrl-C or --duration).\n"
      "Exit status: 0 after a clean stop, 1 when it cannot start (root, port), 2 usage error.",
      "  sudo udplab tftpd --root /srv/tftp\n"
      "  udplab tftpd --root ./images --port 6969 --bind 127.0.0.1\n"
      "  udplab tftpd --root /srv/tftp --port 6969 --create --max-blksize 1468 --max-sessions 100\n"
      "  udplab tftpd --root /tmp/t --port 6969 --writable --create --duration 60s --json > served.json\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("root,d", po::value<std::string>(), "the directory to serve (required)")
      ("bind,a", po::value<std::string>()->default_value("::"), "local address (:: serves IPv6 and IPv4)");
  add_tftp_server_flags(o);
  o.add_options()
      ("rate", po::value<std::string>()->default_value("50"), "new transfers per second per client address (bursts of twice that)")
      ("max-upload", po::value<std::string>(), "largest upload in bytes (default: the free disk space)")
      ("no-options", po::bool_switch(), "behave as a plain RFC 1350 server: never send an OACK")
      ("rfc7440", po::bool_switch(), "plain RFC 7440 windows: refuse udplab's sliding windows (x-udplab-sliding) and larger upload windows (x-udplab-windowsize) to every client")
      ("spin", po::value<std::string>()->default_value("20us"), "after each datagram, keep asking for the next one this long before sleeping (lock-step clients answer within microseconds; 0 turns it off and saves CPU)")
      ("duration", po::value<std::string>(), "stop after this long (e.g. 30s)")
      ("quiet,q", po::bool_switch(), "no log line per transfer")
      ("json", po::bool_switch(), "print the final report as JSON on stdout (log lines go to stderr)");
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;
  if (!vm.count("root")) throw UsageError("--root DIR is required (see 'udplab tftpd --help')");

  const bool json = vm["json"].as<bool>();
  std::ostream& log = json ? std::cerr : std::cout;
  auto address = net::IpAddress::parse(vm["bind"].as<std::string>());
  if (!address) throw UsageError("--bind: " + address.error());
  const auto settings = translated(options::to_tftp_server(tftp_server_options(vm), {}), kTftpServerFlags);
  std::optional<Duration> duration;
  if (vm.count("duration")) duration = duration_arg(vm, "duration");

  tftp::DiskStoreOptions store_options{vm["root"].as<std::string>(), settings.store.writable, settings.store.create};
  auto store = tftp::DiskStore::open(store_options);
  if (!store) throw UsageError(store.error());

  workload::TftpServerSetup setup;
  setup.bind = {*address, settings.port};
  setup.listener = settings.listener;
  setup.session = settings.session;
  setup.listener.per_client_rate = static_cast<double>(unsigned_arg(vm, "rate", 1, 1000000));
  setup.listener.per_client_burst = static_cast<std::uint32_t>(2 * setup.listener.per_client_rate);
  setup.session.limits.accept_options = !vm["no-options"].as<bool>();
  setup.session.limits.sliding = setup.session.limits.window_wish = !vm["rfc7440"].as<bool>();
  if (vm.count("max-upload")) setup.session.limits.max_write_size = unsigned_arg(vm, "max-upload", 0, UINT64_MAX);
  // A window of up to ~180 KiB in flight per session, with room to spare.
  setup.session_socket.receive_buffer = setup.session_socket.send_buffer = 1 << 20;

  live::LiveOptions live_options;
  live_options.spin = std::chrono::duration_cast<std::chrono::microseconds>(duration_arg(vm, "spin"));
  if (live_options.spin < std::chrono::microseconds::zero() || live_options.spin > std::chrono::microseconds(500))
    throw UsageError("--spin must be between 0 and 500us, not '" + vm["spin"].as<std::string>() + "'");
  live::LiveRuntime rt(live_options);
  setup.listener.broadcast_addresses = rt.broadcast_addresses();
  auto shared_store = std::make_shared<tftp::DiskStore>(std::move(*store));
  auto [server, error] = net::start_with_ipv4_fallback(setup.bind, !vm["bind"].defaulted(), [&](const net::Endpoint& at) {
    setup.bind = at;
    auto made = std::make_unique<workload::TftpServerWorkload>(rt, shared_store, setup);
    if (!vm["quiet"].as<bool>())
      made->on_transfer([&log](const v1::TftpServerTransfer& t) { log << report::tftp_log_line(t) << std::endl; });
    return made;
  });
  if (error) throw RuntimeError(*error);
  std::string uploads = "read-only";
  if (store_options.writable || store_options.create)
    uploads = std::string("uploads ") + (store_options.writable ? "replace files" : "") +
              (store_options.writable && store_options.create ? " and " : "") + (store_options.create ? "create files" : "");
  log << "tftp server on " << server->local_endpoint().to_string() << " serving " << shared_store->root().string() << " ("
      << uploads << "); Ctrl-C to stop" << std::endl;

  rt.on_signal([&rt](int) { rt.stop(); });
  if (duration) rt.run_for(*duration);
  else rt.run();
  server->stop();
  const auto report = server->report();
  if (json) std::cout << report::to_json(report) << "\n";
  else std::cout << report::render_tftp_server(report);
  return kExitOk;
}

}  // namespace udplab::cli
