// udplab-control: the control plane's commands, `serve` and `remote`, in a program of their own so
// that only they load gRPC. Users type `udplab serve` / `udplab remote`, which run this program
// (sibling_program.hpp); running it directly works the same.
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "dispatch.hpp"

namespace {

using udplab::cli::Args;
using udplab::cli::Command;

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"serve", "run the control-plane agent (gRPC) that starts runs on request", udplab::cli::run_serve},
      {"remote", "drive an agent: simulations, live pings and servers, events, reports, traces", udplab::cli::run_remote},
  };
  return list;
}

void usage(std::ostream& out) {
  out << "Usage: udplab-control COMMAND [ARGS...]  (normally run as 'udplab COMMAND')\n\n"
         "The control-plane commands of udplab, which are the only ones that need gRPC.\n\n";
  udplab::cli::list_commands(out, commands());
  out << "\nExit status: 0 success, 1 runtime failure, 2 usage error.\n";
}

}  // namespace

int main(int argc, char** argv) {
  return udplab::cli::run_program({"udplab-control", commands(), usage, "(serve or remote; see 'udplab --help')"}, argc,
                                  argv);
}
