// Running one subcommand the same way in every udplab program: errors end as one line on stderr
// ("udplab COMMAND: what went wrong") and an exit status (0 ok, 1 runtime failure, 2 usage error).
#pragma once

#include <functional>
#include <ostream>
#include <vector>

#include "cli.hpp"

namespace udplab::cli {

struct Command {
  const char* name;
  const char* summary;
  std::function<int(const Args&)> run;
};

// Runs `command` on the arguments after its name.
int run_command(const Command& command, const Args& args);
// A program's main: no arguments prints `usage` to stderr (exit 2); -h/--help/help prints it to
// stdout; --version/version prints "PROGRAM VERSION" and the git revision when built from a git
// checkout ("udplab 0.1.0 (git 0123456789ab)"); otherwise the first argument names the
// command. `unknown_hint` follows "unknown command 'X'" on the error line.
struct Program {
  const char* name;
  const std::vector<Command>& commands;
  void (*usage)(std::ostream&);
  const char* unknown_hint;
};
int run_program(const Program& program, int argc, char** argv);

// The "Commands:" block of a usage text: name and summary, aligned.
void list_commands(std::ostream& out, const std::vector<Command>& commands);

}  // namespace udplab::cli
