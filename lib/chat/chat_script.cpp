#include "chat/chat_script.hpp"

#include "util/duration.hpp"

namespace udplab::chat {

std::expected<std::optional<ScriptStep>, std::string> parse_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // scripts written on Windows
  if (line.empty()) return std::nullopt;
  if (line.front() != '/') return ScriptStep{step::Say{std::string(line)}};
  if (line.starts_with("//")) return ScriptStep{step::Say{std::string(line.substr(1))}};
  const auto space = line.find(' ');
  const std::string_view command = line.substr(0, space);
  const std::string_view argument = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
  if (command == "/who" && argument.empty()) return ScriptStep{step::Who{}};
  if (command == "/quit" && argument.empty()) return ScriptStep{step::Quit{}};
  if (command == "/wait") {
    auto d = util::parse_duration(argument);
    if (!d) return std::unexpected("/wait needs a time, e.g. /wait 500ms: " + d.error());
    if (*d < Duration::zero()) return std::unexpected("/wait cannot go back in time");
    return ScriptStep{step::Wait{*d}};
  }
  return std::unexpected("unknown command " + std::string(command) + " (commands: /who /quit /wait T; //text sends '/text')");
}

std::expected<std::vector<ScriptStep>, std::string> parse_script(std::string_view text) {
  std::vector<ScriptStep> steps;
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    auto parsed = parse_line(line);
    if (!parsed) return std::unexpected("line " + std::to_string(number) + ": " + parsed.error());
    if (*parsed) steps.push_back(std::move(**parsed));
  }
  return steps;
}

}  // namespace udplab::chat
