// JSON text for scripts (RFC 8259): the one writer of strings and numbers behind trace lines,
// run events and reports.
//
// Strings may hold whatever a peer or a scenario put in them. Quotes, backslashes and every control
// character are escaped (\n \r \t by name, the others as \u00XX), and bytes that are not UTF-8
// become U+FFFD, so that the output is valid JSON whatever the input: a host name with a line feed
// stays one field of one JSON line. Everything else, UTF-8 included, is written as it is.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace udplab::text {

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);
// Shortest round-trip form of a double; non-finite values print as null.
std::string json_number(double value);

// One JSON object on one line, fields in the order they are added, no spaces:
//   JsonObject().string("event", "found").number("rtt_ms", 1.5).take()  ->  {"event":"found","rtt_ms":1.5}
// Names are written as given: they are the program's own identifiers.
class JsonObject {
 public:
  JsonObject& string(std::string_view name, std::string_view value);
  JsonObject& number(std::string_view name, double value);
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  JsonObject& number(std::string_view name, T value) {
    key(name);
    out_ += std::to_string(value);
    return *this;
  }
  JsonObject& boolean(std::string_view name, bool value);
  // A value that is JSON already (an object printed by report::to_json).
  JsonObject& raw(std::string_view name, std::string_view json);
  // The object, closed.
  std::string take();

 private:
  void key(std::string_view name);
  std::string out_ = "{";
};

}  // namespace udplab::text
