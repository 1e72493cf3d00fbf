// udplab.v1.ChatRoomOptions and ChatClientOptions to the chat engines' configurations (see
// echo_options.hpp for the front ends that call them).
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "chat/chat_script.hpp"
#include "options/field_path.hpp"
#include "udplab/v1/scenario.pb.h"

namespace udplab::options {

inline constexpr std::uint16_t kChatPort = 7070;
// A scripted client's numbered messages: at most this many, this far apart unless set.
inline constexpr std::uint64_t kMaxNumberedMessages = 100'000;
inline constexpr Duration kNumberedMessageInterval = std::chrono::milliseconds(100);

struct ChatRoomSettings {
  std::uint16_t port = kChatPort;
  chat::RoomConfig config;  // without broadcast addresses (the host's, at start)
};
struct ChatClientSettings {
  std::uint16_t port = 0;
  chat::ClientConfig config;  // without session (drawn per run)
  std::vector<chat::ScriptStep> steps;
};

// `host`: the name the room gives in discovery answers unless the options name one.
std::expected<ChatRoomSettings, Problem> to_chat_room(const v1::ChatRoomOptions& options, const std::string& host,
                                                      const FieldPath& at);
std::expected<ChatClientSettings, Problem> to_chat_client(const v1::ChatClientOptions& options, const FieldPath& at);

}  // namespace udplab::options
