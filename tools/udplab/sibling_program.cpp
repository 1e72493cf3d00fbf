#include "sibling_program.hpp"

#include <filesystem>
#include <iostream>
#include <system_error>

#include "process.hpp"

namespace udplab::cli {
namespace {

std::string& program_path() {
  static std::string path;
  return path;
}

// This executable's own file: asked of the system where it can say, else argv[0].
std::filesystem::path own_executable() {
  if (auto path = process::own_executable()) return *path;
  std::error_code ec;
  return std::filesystem::absolute(program_path(), ec);
}

}  // namespace

void remember_program_path(const char* argv0) { program_path() = argv0 ? argv0 : ""; }

std::filesystem::path program_directory() { return own_executable().parent_path(); }

int run_sibling_program(const std::string& program, const Args& args) {
  const std::filesystem::path path = program_directory() / process::executable_file_name(program);
  std::cout.flush();
  std::cerr.flush();
  const auto status = process::run_in_place(path, args);
  if (status) return *status;
  throw RuntimeError("cannot start " + program + ", the program that runs this command (looked for " +
                     path.string() + "): " + status.error().message());
}

}  // namespace udplab::cli
