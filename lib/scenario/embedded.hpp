// Scenarios compiled into the binary, so `udplab sim` runs with no files at all.
#pragma once

#include <string_view>

namespace udplab::scenario {

// The default scenario's name and protobuf text (scenarios/tftp-over-lossy-link.textproto).
std::string_view default_scenario_name();
std::string_view default_scenario_text();

}  // namespace udplab::scenario
