// Running another udplab program from the directory this one was started from.
//
// `udplab serve` and `udplab remote` live in udplab-control, so that only they load gRPC and its
// fifty shared libraries: every other command starts in a few milliseconds instead of fifteen or
// more. On POSIX systems the sibling replaces this process (exec: same process id, signals and
// exit status); on Windows it runs as a child whose exit status becomes ours.
#pragma once

#include <filesystem>
#include <string>

#include "cli.hpp"

namespace udplab::cli {

// Call first thing in main: where to look for siblings when the system cannot tell.
void remember_program_path(const char* argv0);

// The directory this program's executable is in: where its siblings are, and where an installed
// tree's data is found from (installed_scenarios.hpp).
std::filesystem::path program_directory();

// Runs `program` (e.g. "udplab-control") with `args`. Returns its exit status where it runs as a
// child; throws RuntimeError naming the path tried when it cannot be started.
int run_sibling_program(const std::string& program, const Args& args);

}  // namespace udplab::cli
