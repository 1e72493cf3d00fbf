#include "options/chat_options.hpp"

#include "options/echo_options.hpp"
#include "options/option_fields.hpp"

namespace udplab::options {

using Unexpected = std::unexpected<Problem>;

std::expected<ChatRoomSettings, Problem> to_chat_room(const v1::ChatRoomOptions& o, const std::string& host,
                                                      const FieldPath& at) {
  ChatRoomSettings s;
  auto port = server_port_field(o, kChatPort, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  s.port = *port;
  auto idle = duration_field(o.idle_timeout(), at + FieldStep{"idle_timeout"}, s.config.idle_timeout);
  if (!idle) return Unexpected(idle.error());
  auto window = duration_field(o.reorder_window(), at + FieldStep{"reorder_window"}, s.config.reorder_window);
  if (!window) return Unexpected(window.error());
  s.config.idle_timeout = *idle;
  s.config.reorder_window = *window;
  if (o.capacity() != 0) s.config.capacity = o.capacity();
  auto id = discovery_identity(o.name(), host, discovery::Role::chat_room, at + FieldStep{"name"});
  if (!id) return Unexpected(id.error());
  s.config.discovery = *id;
  if (auto bad = chat::validate(s.config)) return Unexpected(config_problem(*bad, at));
  return s;
}

std::expected<ChatClientSettings, Problem> to_chat_client(const v1::ChatClientOptions& o, const FieldPath& at) {
  ChatClientSettings s;
  auto peer = endpoint_field(o.peer(), at + FieldStep{"peer"});
  if (!peer) return Unexpected(peer.error());
  s.config.peer = *peer;
  s.config.nick = o.nick();
  auto port = port_field(o.port(), 0, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  s.port = *port;
  auto linger = duration_field(o.linger(), at + FieldStep{"linger"}, s.config.linger);
  if (!linger) return Unexpected(linger.error());
  auto window = duration_field(o.reorder_window(), at + FieldStep{"reorder_window"}, s.config.reorder_window);
  if (!window) return Unexpected(window.error());
  auto keepalive = duration_field(o.keepalive(), at + FieldStep{"keepalive"}, s.config.keepalive);
  if (!keepalive) return Unexpected(keepalive.error());
  auto interval = duration_field(o.interval(), at + FieldStep{"interval"}, kNumberedMessageInterval);
  if (!interval) return Unexpected(interval.error());
  s.config.linger = *linger;
  s.config.reorder_window = *window;
  s.config.keepalive = *keepalive;
  if (auto bad = chat::validate(s.config)) return Unexpected(config_problem(*bad, at));
  for (int i = 0; i < o.lines_size(); ++i) {
    auto step = chat::parse_line(o.lines(i));
    if (!step) return Unexpected(Problem{at + FieldStep{"lines"}, "line " + std::to_string(i + 1) + ": " + step.error()});
    if (*step) s.steps.push_back(std::move(**step));
  }
  if (o.count() > kMaxNumberedMessages)
    return Unexpected(Problem{at + FieldStep{"count"}, "at most " + std::to_string(kMaxNumberedMessages) + " messages"});
  const std::string prefix = o.nick().empty() ? "message" : o.nick();
  for (std::uint64_t n = 1; n <= o.count(); ++n) {
    if (n > 1) s.steps.push_back(chat::step::Wait{*interval});
    s.steps.push_back(chat::step::Say{prefix + " " + std::to_string(n)});
  }
  return s;
}

}  // namespace udplab::options
