// Enum fields holding a number their enum does not define. Proto3 enums are open: the binary, text
// and JSON parsers all accept any number (`distribution: 42`), and code that switches over the
// known values would run one of them instead. Every message read from a file or the wire is
// checked here before anything uses it; the walk is by reflection, so a new enum field anywhere in
// a message is covered without being listed.
#pragma once

#include <optional>
#include <string>

#include "scenario/load.hpp"

namespace google::protobuf {
class Message;
}

namespace udplab::scenario {

struct UnknownEnumValue {
  FieldPath path;       // from `message`, e.g. links[0].a_to_b.distribution
  std::string message;  // "unknown value 42 (expected UNIFORM, NORMAL, PARETO or PARETO_NORMAL)"
};

// The first enum field, in field order and depth first, whose value its enum does not define.
std::optional<UnknownEnumValue> find_unknown_enum_value(const google::protobuf::Message& message);

}  // namespace udplab::scenario
