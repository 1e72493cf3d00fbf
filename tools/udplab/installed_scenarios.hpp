// The shipped scenarios (scenarios/ in the source tree), found by name once installed:
// `udplab sim echo-lossy-link` runs share/udplab/scenarios/echo-lossy-link.textproto.
#pragma once

#include <filesystem>
#include <string>

namespace udplab::cli {

// share/udplab/scenarios, found from the directory udplab runs from (bin/), so that an installed
// tree works wherever it is moved (cmake/install.cmake lays it out).
std::filesystem::path installed_scenarios_directory();

// The scenario file an argument names: the argument itself when it is a file or a path, else the
// installed scenario of that name (NAME or NAME.textproto). Throws UsageError naming the argument
// and where it looked when it is neither.
std::filesystem::path scenario_file(const std::string& argument);

}  // namespace udplab::cli
