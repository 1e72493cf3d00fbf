// A configuration value an engine refuses, named by the engine's own field rather than by any front
// end's: the CLI words it with its flag ("--window must be between 1 and 32768"), a scenario file or
// a gRPC request with the field's path ("workloads[2].echo_ping.window: must be between 1 and
// 32768"). Each engine declares an enum of the fields its validate() checks; each front end maps
// that enum to its own names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace udplab::util {

template <class Field>
struct ConfigError {
  Field field;      // the value at fault
  std::string why;  // what is wrong with it, worded to follow its name: "must be positive"
  // A second field the rule weighs `field` against; `why` names it where it says "{other}".
  std::optional<Field> other = std::nullopt;
};

// `why` with its "{other}" replaced by `other_name`.
inline std::string fill_other(std::string why, std::string_view other_name) {
  constexpr std::string_view kOther = "{other}";
  if (auto at = why.find(kOther); at != std::string::npos) why.replace(at, kOther.size(), other_name);
  return why;
}

// The reason alone, for a front end that names the field apart (a scenario's field path);
// `name(field)` is a field's name in that front end's words.
template <class Field, class Name>
std::string reason(const ConfigError<Field>& e, Name name) {
  return e.other ? fill_other(e.why, name(*e.other)) : e.why;
}

// "NAME WHY": the whole line, for a front end that names a field in the sentence (the CLI's flags).
template <class Field, class Name>
std::string describe(const ConfigError<Field>& e, Name name) {
  return std::string(name(e.field)) + " " + reason(e, name);
}

}  // namespace udplab::util
