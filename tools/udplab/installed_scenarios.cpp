#include "installed_scenarios.hpp"

#include <system_error>

#include "cli.hpp"
#include "sibling_program.hpp"

namespace udplab::cli {

std::filesystem::path installed_scenarios_directory() {
  // UDPLAB_SCENARIOS_FROM_BINDIR: the install's scenario directory relative to its bin directory
  // (tools/udplab/CMakeLists.txt), "../share/udplab/scenarios" with the usual layout.
  return (program_directory() / UDPLAB_SCENARIOS_FROM_BINDIR).lexically_normal();
}

std::filesystem::path scenario_file(const std::string& argument) {
  const std::filesystem::path given(argument);
  std::error_code ec;
  if (std::filesystem::exists(given, ec) || given.has_parent_path() || argument.empty()) return given;
  const std::filesystem::path directory = installed_scenarios_directory();
  std::filesystem::path installed = directory / given;
  if (installed.extension() != ".textproto") installed += ".textproto";
  if (std::filesystem::is_regular_file(installed, ec)) return installed;
  throw UsageError(argument + ": cannot open scenario file, and no installed scenario has that name (looked in " +
                   directory.string() + ")");
}

}  // namespace udplab::cli
