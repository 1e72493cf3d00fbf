// The process seam on Windows: the executable's path from GetModuleFileNameW, and a child started
// with _spawnv and waited for (Windows has no exec that keeps the process: the C runtime's _execv
// starts a new process and ends this one, so whoever waits for us would see us end too early).
#include "process.hpp"

#include <cerrno>
#include <cstdint>

#include <process.h>
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

namespace udplab::cli::process {
namespace {

// One argument as the C runtime of the child splits its command line again: _spawnv joins the
// arguments with spaces, so spaces, tabs and quotes need quoting, and backslashes before a quote
// doubling.
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

}  // namespace

std::optional<std::filesystem::path> own_executable() {
  wchar_t buffer[MAX_PATH];
  if (const DWORD n = GetModuleFileNameW(nullptr, buffer, MAX_PATH); n > 0 && n < MAX_PATH)
    return std::filesystem::path(std::wstring(buffer, n));
  return std::nullopt;
}

std::string executable_file_name(std::string_view name) { return std::string(name) + ".exe"; }

std::expected<int, std::error_code> run_in_place(const std::filesystem::path& file,
                                                 const std::vector<std::string>& args) {
  const std::string program = file.string();
  std::vector<std::string> words{quoted(program)};
  for (const auto& a : args) words.push_back(quoted(a));
  std::vector<const char*> argv;
  for (const auto& w : words) argv.push_back(w.c_str());
  argv.push_back(nullptr);
  const std::intptr_t status = _spawnv(_P_WAIT, program.c_str(), argv.data());
  if (status == -1) return std::unexpected(std::error_code(errno, std::generic_category()));
  return static_cast<int>(status);
}

}  // namespace udplab::cli::process
