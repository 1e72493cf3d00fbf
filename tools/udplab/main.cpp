// udplab: a UDP network lab. Dispatches to one subcommand; every error ends as one line on stderr.
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

using udplab::cli::Args;

struct Command {
  const char* name;
  const char* summary;
  std::function<int(const Args&)> run;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"echo", "UDP echo: 'echo serve' answers, 'echo ping' measures loss, reordering and RTT", udplab::cli::run_echo},
      {"sim", "run a simulated experiment (a scenario file, or the built-in default)", udplab::cli::run_sim},
      {"sweep", "run a scenario over a grid of parameters and seeds: table, plot, shards", udplab::cli::run_sweep},
      {"serve", "run the control-plane agent (gRPC) that starts runs on request", udplab::cli::run_serve},
      {"remote", "drive an agent: simulations, live pings and servers, events, reports, traces", udplab::cli::run_remote},
      {"subnet", "subnet (CIDR) calculator: network, broadcast, hosts, kind of address; IPv4 and IPv6", udplab::cli::run_subnet},
      {"request", "send one request, retrying with exponential backoff until a reply comes", udplab::cli::run_request},
      {"broadcast", "'broadcast send' a datagram to the local segment, 'broadcast listen' for them", udplab::cli::run_broadcast},
      {"chat", "chat with a peer or in a room ('chat serve'), seeing what UDP loses and reorders", udplab::cli::run_chat},
      {"discover", "find udplab servers on the local segment (broadcast probe), with RTTs", udplab::cli::run_discover},
      {"tftp", "TFTP client: 'tftp get' downloads, 'tftp put' uploads (options, windows, progress)", udplab::cli::run_tftp},
      {"tftpd", "TFTP server for the files under a directory (safe by default: read-only, confined)", udplab::cli::run_tftpd},
  };
  return list;
}

void usage(std::ostream& out) {
  out << "Usage: udplab COMMAND [ARGS...]\n\n"
         "A UDP network lab: live LAN diagnostics and a deterministic network simulator.\n\n"
         "Commands:\n";
  for (const auto& c : commands()) {
    const std::size_t len = std::strlen(c.name);
    out << "  " << c.name << std::string(len < 10 ? 10 - len : 1, ' ') << c.summary << "\n";
  }
  out << "\nOptions:\n"
         "  -h [ --help ]     show this help (and 'udplab COMMAND --help' for a command)\n"
         "  --version         print the version\n\n"
         "Exit status: 0 success, 1 runtime failure, 2 usage error.\n"
         "Documentation: docs/ in the source tree (docs/README.md).\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  Args args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(std::cerr);
    return udplab::cli::kExitUsage;
  }
  const std::string name = args.front();
  if (name == "-h" || name == "--help" || name == "help") {
    usage(std::cout);
    return udplab::cli::kExitOk;
  }
  if (name == "--version" || name == "version") {
    std::cout << "udplab " << UDPLAB_VERSION << "\n";
    return udplab::cli::kExitOk;
  }
  for (const auto& c : commands()) {
    if (name != c.name) continue;
    udplab::cli::set_current_command(name);
    const auto prefix = [] { return "udplab " + udplab::cli::current_command() + ": "; };
    try {
      return c.run(Args(args.begin() + 1, args.end()));
    } catch (const udplab::cli::UsageError& e) {
      std::cerr << prefix() << e.what() << "\n";
      return udplab::cli::kExitUsage;
    } catch (const udplab::cli::RuntimeError& e) {
      std::cerr << prefix() << e.what() << "\n";
      return udplab::cli::kExitRuntime;
    } catch (const std::exception& e) {
      std::cerr << prefix() << e.what() << "\n";
      return udplab::cli::kExitRuntime;
    }
  }
  std::cerr << "udplab: unknown command '" << name << "' (see 'udplab --help')\n";
  return udplab::cli::kExitUsage;
}
