// The process seam: what `udplab` needs to hand a command to another program (sibling_program.hpp),
// one implementation file per platform picked by CMake (process_posix.cpp: /proc/self/exe or
// _NSGetExecutablePath, execv; process_windows.cpp: GetModuleFileNameW, _spawnv). No platform
// header is seen here.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace udplab::cli::process {

// This executable's own file, where the system can say (Linux, macOS, Windows); none elsewhere.
std::optional<std::filesystem::path> own_executable();

// The file name of the program called `name` ("udplab-control"; Windows: "udplab-control.exe").
std::string executable_file_name(std::string_view name);

// Runs the program `file` with `args` (argv[0] is `file`) in this process's place: on POSIX
// systems it replaces this process (exec: the same process id, signals and exit status) and
// returns only when it could not be started; on Windows it runs as a child and returns its exit
// status. The error is the system's reason the program could not be started.
std::expected<int, std::error_code> run_in_place(const std::filesystem::path& file,
                                                 const std::vector<std::string>& args);

}  // namespace udplab::cli::process
