// udplab: a UDP network lab. Dispatches to one subcommand; every error ends as one line on stderr.
// The control plane's commands run in udplab-control (see sibling_program.hpp).
#include <functional>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "dispatch.hpp"
#include "sibling_program.hpp"

namespace {

using udplab::cli::Args;
using udplab::cli::Command;

// `udplab NAME ARGS...` runs `udplab-control NAME ARGS...`.
std::function<int(const Args&)> in_control_program([[maybe_unused]] const char* name) {
#if defined(UDPLAB_NO_CONTROL_PLANE)
  return [](const Args&) -> int {
    throw udplab::cli::RuntimeError(
        "this build has no control plane (built without gRPC: UDPLAB_WITH_GRPC=OFF; see docs/building.md)");
  };
#else
  return [name](const Args& args) {
    Args all{name};
    all.insert(all.end(), args.begin(), args.end());
    return udplab::cli::run_sibling_program("udplab-control", all);
  };
#endif
}

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"echo", "UDP echo: 'echo serve' answers, 'echo ping' measures loss, reordering and RTT", udplab::cli::run_echo},
      {"sim", "run a simulated experiment (a scenario file, or the built-in default)", udplab::cli::run_sim},
      {"sweep", "run a scenario over a grid of parameters and seeds: table, plot, shards", udplab::cli::run_sweep},
      {"serve", "run the control-plane agent (gRPC) that starts runs on request", in_control_program("serve")},
      {"remote", "drive an agent: simulations, live pings and servers, events, reports, traces", in_control_program("remote")},
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
         "A UDP network lab: live LAN diagnostics and a deterministic network simulator.\n\n";
  udplab::cli::list_commands(out, commands());
  out << "\nOptions:\n"
         "  -h [ --help ]     show this help (and 'udplab COMMAND --help' for a command)\n"
         "  --version         print the version\n\n"
         "Exit status: 0 success, 1 runtime failure, 2 usage error.\n"
         "Documentation: docs/ in the source tree (docs/README.md).\n";
}

}  // namespace

int main(int argc, char** argv) {
  udplab::cli::remember_program_path(argv[0]);
  return udplab::cli::run_program({"udplab", commands(), usage, "(see 'udplab --help')"}, argc, argv);
}
