#include "sibling_program.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

#if defined(_WIN32)
#include <process.h>
#include <windows.h>
#else
#include <unistd.h>
#endif
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

namespace udplab::cli {
namespace {

std::string& program_path() {
  static std::string path;
  return path;
}

// This executable's own file: asked of the system where it can say, else argv[0].
std::filesystem::path own_executable() {
  std::error_code ec;
#if defined(__linux__)
  if (auto p = std::filesystem::read_symlink("/proc/self/exe", ec); !ec) return p;
#elif defined(__APPLE__)
  char buffer[4096];
  std::uint32_t size = sizeof buffer;
  if (_NSGetExecutablePath(buffer, &size) == 0) return std::filesystem::path(buffer);
#elif defined(_WIN32)
  wchar_t buffer[MAX_PATH];
  if (const DWORD n = GetModuleFileNameW(nullptr, buffer, MAX_PATH); n > 0 && n < MAX_PATH)
    return std::filesystem::path(std::wstring(buffer, n));
#endif
  return std::filesystem::absolute(program_path(), ec);
}

#if defined(_WIN32)
// One argument as the C runtime of the child splits it again (quotes and backslashes escaped).
std::string quoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\"") == std::string::npos) return arg;
  std::string out = "\"";
  std::size_t backslashes = 0;
  for (char c : arg) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    out.append(c == '"' ? 2 * backslashes + 1 : backslashes, '\\');
    backslashes = 0;
    out += c;
  }
  out.append(2 * backslashes, '\\');
  return out + "\"";
}
#endif

}  // namespace

void remember_program_path(const char* argv0) { program_path() = argv0 ? argv0 : ""; }

std::filesystem::path program_directory() { return own_executable().parent_path(); }

int run_sibling_program(const std::string& program, const Args& args) {
#if defined(_WIN32)
  const std::filesystem::path path = program_directory() / (program + ".exe");
#else
  const std::filesystem::path path = program_directory() / program;
#endif
  const std::string file = path.string();
  std::cout.flush();
  std::cerr.flush();
#if defined(_WIN32)
  std::vector<std::string> words{quoted(file)};
  for (const auto& a : args) words.push_back(quoted(a));
  std::vector<const char*> argv;
  for (const auto& w : words) argv.push_back(w.c_str());
  argv.push_back(nullptr);
  const intptr_t status = _spawnv(_P_WAIT, file.c_str(), argv.data());
  if (status != -1) return static_cast<int>(status);
#else
  std::vector<char*> argv{const_cast<char*>(file.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(file.c_str(), argv.data());  // returns only on failure
#endif
  const std::string why = std::strerror(errno);
  throw RuntimeError("cannot start " + program + ", the program that runs this command (looked for " + file +
                     "): " + why);
}

}  // namespace udplab::cli
