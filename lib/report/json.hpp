// JSON for scripts: any protobuf message printed with its proto field names, every plain field
// present (defaults included) — but an unset member of a oneof, and an unset proto3 `optional`
// field, are left out, so "absent" keeps its meaning — and 64-bit integers as JSON numbers
// (protobuf's own printer quotes them, which breaks numeric comparisons in jq). Protobuf's JSON
// parser reads this output back.
#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace udplab::report {

std::string to_json(const google::protobuf::Message& message, bool pretty = true);
// A JSON string literal with escapes.
std::string json_string(std::string_view text);
// Shortest round-trip form of a double; non-finite values print as null.
std::string json_number(double value);

}  // namespace udplab::report
