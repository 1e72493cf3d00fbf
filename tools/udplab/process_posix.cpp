// The process seam on POSIX systems: the executable's path from /proc (Linux) or dyld (macOS), and
// execv, so that the program started keeps this process's id, signals and exit status.
#include "process.hpp"

#include <cerrno>
#include <cstdint>

#include <unistd.h>
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

namespace udplab::cli::process {

std::optional<std::filesystem::path> own_executable() {
#if defined(__linux__)
  std::error_code ec;
  if (auto p = std::filesystem::read_symlink("/proc/self/exe", ec); !ec) return p;
#elif defined(__APPLE__)
  char buffer[4096];
  std::uint32_t size = sizeof buffer;
  if (_NSGetExecutablePath(buffer, &size) == 0) return std::filesystem::path(buffer);
#endif
  return std::nullopt;
}

std::string executable_file_name(std::string_view name) { return std::string(name); }

std::expected<int, std::error_code> run_in_place(const std::filesystem::path& file,
                                                 const std::vector<std::string>& args) {
  const std::string program = file.string();
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(program.c_str(), argv.data());  // returns only on failure
  return std::unexpected(std::error_code(errno, std::generic_category()));
}

}  // namespace udplab::cli::process
