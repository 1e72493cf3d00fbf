// What a chat user types, or a script says, as steps for the chat client.
//
//   any text      send it as a message                 /who        ask for the member list
//   /wait 200ms   pause before the next line (scripts)  /quit       leave
//   //text        send "/text" (a message that starts with a slash)
// Empty lines do nothing. Scripts (a file, piped stdin, a scenario's lines) are the same lines, so
// tests and scenarios drive the client exactly as a person would.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "transport/time.hpp"

namespace udplab::chat {

namespace step {
struct Say {
  std::string text;
};
struct Wait {
  Duration time{};
};
struct Who {};
struct Quit {};
}  // namespace step

using ScriptStep = std::variant<step::Say, step::Wait, step::Who, step::Quit>;

// One line: a step, nothing (an empty line), or why it is not one ("unknown command /foo").
std::expected<std::optional<ScriptStep>, std::string> parse_line(std::string_view line);
// A whole script, one step per line; errors name the line: "line 3: unknown command /foo".
std::expected<std::vector<ScriptStep>, std::string> parse_script(std::string_view text);

}  // namespace udplab::chat
