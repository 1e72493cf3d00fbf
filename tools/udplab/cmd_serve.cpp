// udplab serve: the control-plane agent.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "control/agent.hpp"
#include "net/address.hpp"
#include "platform/files.hpp"
#include "util/duration.hpp"

namespace udplab::cli {
namespace {

std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) { g_signal.store(sig); }

std::string read_token(const std::string& path) {
  std::string token = read_input_file(path, "token file");
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.size() < 16) throw UsageError("the token in " + path + " is shorter than 16 characters");
  if (token.find_first_of("\r\n") != std::string::npos) throw UsageError("the token file " + path + " holds more than one line");
  if (platform::open_to_other_users(path))
    std::cerr << "udplab serve: warning: " << path << " is readable by other users (chmod 600 it)\n";
  return token;
}

}  // namespace

int run_serve(const Args& args) {
  const CommandSpec spec{
      "serve", "[options]",
      "Runs the control-plane agent: a gRPC server (service udplab.v1.Control, with server reflection\n"
      "and the standard health service) that starts simulated and live runs on request and streams\n"
      "their events. It listens on loopback unless told otherwise; a non-loopback address needs a\n"
      "token (--token-file) or TLS (--tls-cert/--tls-key). Live TFTP runs (remote tftp, remote tftpd)\n"
      "read and write only under --tftp-root, with the rules of 'udplab tftpd' (no absolute names, no\n"
      "'..', no symlinks out, regular files only); without it they are refused. Stops cleanly on\n"
      "Ctrl-C or SIGTERM.",
      "  udplab serve\n"
      "  udplab serve --listen 0.0.0.0:50051 --token-file /etc/udplab/token\n"
      "  udplab serve --listen [::]:50051 --tls-cert agent.pem --tls-key agent.key --token-file token\n"
      "  udplab serve --tftp-root /srv/udplab-tftp\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("listen,l", po::value<std::string>()->default_value("127.0.0.1:50051"), "address and port to listen on (port 0: any free one)")
      ("token-file", po::value<std::string>(), "require this bearer token (one line, 16+ characters) on every call")
      ("tls-cert", po::value<std::string>(), "TLS certificate chain (PEM)")
      ("tls-key", po::value<std::string>(), "TLS private key (PEM)")
      ("max-runs", po::value<std::string>()->default_value("4"), "runs at once; more get RESOURCE_EXHAUSTED")
      ("max-run-duration", po::value<std::string>()->default_value("10m"), "longest run (virtual time for simulations)")
      ("tftp-root", po::value<std::string>(), "directory live TFTP runs may read and write (default: TFTP runs refused)")
      ("max-trace-bytes", po::value<std::string>()->default_value(std::to_string(control::Limits{}.max_trace_bytes)),
       "largest trace kept per run (events, JSON Lines and pcapng together)");
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  control::AgentOptions options;
  options.listen = vm["listen"].as<std::string>();
  if (!net::split_host_port(options.listen) || net::split_host_port(options.listen)->port < 0)
    throw UsageError("--listen needs HOST:PORT, not '" + options.listen + "'");
  if (vm.count("token-file")) options.security.token = read_token(vm["token-file"].as<std::string>());
  if (vm.count("tls-cert") != vm.count("tls-key")) throw UsageError("--tls-cert and --tls-key go together");
  if (vm.count("tls-cert")) {
    options.security.tls_cert_pem = read_input_file(vm["tls-cert"].as<std::string>(), "TLS certificate");
    options.security.tls_key_pem = read_input_file(vm["tls-key"].as<std::string>(), "TLS key");
  }
  options.limits.max_concurrent_runs = static_cast<unsigned>(unsigned_arg(vm, "max-runs", 1, 1000));
  options.limits.max_run_duration = duration_arg(vm, "max-run-duration");
  options.limits.max_trace_bytes = unsigned_arg(vm, "max-trace-bytes", 1024, std::uint64_t{1} << 40);

  if (vm.count("tftp-root")) {
    std::error_code ec;
    const std::filesystem::path root = std::filesystem::canonical(vm["tftp-root"].as<std::string>(), ec);
    if (ec || !std::filesystem::is_directory(root, ec))
      throw UsageError("--tftp-root " + vm["tftp-root"].as<std::string>() + ": not an existing directory");
    options.tftp_root = root;
  }

  control::Agent agent(options);
  auto port = agent.start();
  if (!port) {
    // Security refusals and unusable TLS files are usage errors; failing to listen is a runtime error.
    if (port.error().find("needs a token") != std::string::npos || port.error().find("--tls-cert") != std::string::npos)
      throw UsageError(port.error());
    throw RuntimeError(port.error());
  }
  auto hp = net::split_host_port(options.listen);
  const std::string host = hp->host.find(':') != std::string::npos ? "[" + hp->host + "]" : hp->host;
  std::cout << "udplab agent listening on " << host << ":" << *port << " (token: "
            << (options.security.token ? "required" : "none") << ", TLS: " << (options.security.tls() ? "on" : "off")
            << "); Ctrl-C to stop" << std::endl;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::thread watcher([&agent] {
    while (g_signal.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    agent.shutdown();
  });
  agent.wait();
  if (g_signal.load() == 0) g_signal.store(-1);  // let the watcher end
  watcher.join();
  std::cout << "udplab agent stopped" << std::endl;
  return kExitOk;
}

}  // namespace udplab::cli
