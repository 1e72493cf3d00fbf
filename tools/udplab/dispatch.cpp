#include "dispatch.hpp"

#include <cstring>
#include <iostream>
#include <string>

#include "source_revision.hpp"
#include "terminal.hpp"

namespace udplab::cli {

int run_command(const Command& command, const Args& args) {
  set_current_command(command.name);
  const auto prefix = [] { return "udplab " + current_command() + ": "; };
  try {
    return command.run(args);
  } catch (const UsageError& e) {
    std::cerr << prefix() << e.what() << "\n";
    return kExitUsage;
  } catch (const RuntimeError& e) {
    std::cerr << prefix() << e.what() << "\n";
    return kExitRuntime;
  } catch (const std::exception& e) {
    std::cerr << prefix() << e.what() << "\n";
    return kExitRuntime;
  }
}

int run_program(const Program& program, int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const terminal::Utf8Output utf8_output;
  const Args args(argv + 1, argv + argc);
  if (args.empty()) {
    program.usage(std::cerr);
    return kExitUsage;
  }
  const std::string& name = args.front();
  if (name == "-h" || name == "--help" || name == "help") {
    program.usage(std::cout);
    return kExitOk;
  }
  if (name == "--version" || name == "version") {
    std::cout << program.name << " " << UDPLAB_VERSION;
    if (const auto revision = source_revision(); !revision.empty()) std::cout << " (git " << revision << ")";
    std::cout << "\n";
    return kExitOk;
  }
  for (const auto& c : program.commands)
    if (name == c.name) return run_command(c, Args(args.begin() + 1, args.end()));
  std::cerr << program.name << ": unknown command '" << name << "' " << program.unknown_hint << "\n";
  return kExitUsage;
}

void list_commands(std::ostream& out, const std::vector<Command>& commands) {
  out << "Commands:\n";
  for (const auto& c : commands) {
    const std::size_t len = std::strlen(c.name);
    out << "  " << c.name << std::string(len < 10 ? 10 - len : 1, ' ') << c.summary << "\n";
  }
}

}  // namespace udplab::cli
