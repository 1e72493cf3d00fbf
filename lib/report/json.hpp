// JSON for scripts: any protobuf message printed with its proto field names, every plain field
// present (defaults included) — but an unset member of a oneof, and an unset proto3 `optional`
// field, are left out, so "absent" keeps its meaning — and 64-bit integers as JSON numbers
// (protobuf's own printer quotes them, which breaks numeric comparisons in jq). Protobuf's JSON
// parser reads this output back.
#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace udplab::report {

// Strings are escaped by text/json.hpp, the writer of every other JSON text too.
std::string to_json(const google::protobuf::Message& message, bool pretty = true);

}  // namespace udplab::report
