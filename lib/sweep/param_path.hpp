// Addressing one field of a scenario message by a path, to vary it in a sweep:
//   links[0].a_to_b.loss_percent     links[wan].a_to_b.delay     workloads[ping].echo_ping.window
// A bracket holds an index or the `name` of a repeated element. Values are text, converted to the
// field's type ("2.5", "20ms", "true").
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

namespace udplab::sweep {

// Sets the field `path` of `message` to `value`; returns what was wrong otherwise.
std::expected<void, std::string> set_field(google::protobuf::Message& message, std::string_view path, std::string_view value);
// True when `path` names a numeric field (so FROM:TO:STEP ranges make sense).
std::expected<bool, std::string> is_numeric_field(const google::protobuf::Message& message, std::string_view path);

}  // namespace udplab::sweep
