// Reading scenario files (protobuf text format of udplab.v1.Scenario) with positions, so that
// every error names the file, the line and the field.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "options/field_path.hpp"
#include "udplab/v1/scenario.pb.h"

namespace google::protobuf {
class TextFormat;
}

namespace udplab::scenario {

// A path to a field inside a scenario, e.g. workloads[1].echo_ping.target.
using options::FieldPath;
using options::FieldStep;
using options::to_string;

class SourceMap;

struct LoadedScenario {
  v1::Scenario scenario;
  std::string source;  // file name, or "<embedded>" / "<request>"
  std::shared_ptr<const SourceMap> positions;  // may be null (not from text)

  // "FILE:LINE:COL: field PATH: message" (or without position when unknown).
  std::string locate(const FieldPath& path, const std::string& message) const;
};

std::expected<LoadedScenario, std::string> parse_scenario(const std::string& text, const std::string& source);
std::expected<LoadedScenario, std::string> load_scenario_file(const std::filesystem::path& path);
// Wraps a message that did not come from text (e.g. a gRPC request).
LoadedScenario from_message(v1::Scenario scenario, std::string source);

}  // namespace udplab::scenario
