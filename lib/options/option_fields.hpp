// The engines' configuration fields as the option messages name them (proto/udplab/v1/scenario.proto),
// so that a value an engine's validate() refuses is reported at the field that set it.
#pragma once

#include <string_view>

#include "broadcast/broadcast_sender.hpp"
#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "discovery/discoverer.hpp"
#include "echo/echo_ping.hpp"
#include "request/backoff.hpp"
#include "options/field_path.hpp"
#include "tftp/client.hpp"

namespace udplab::options {

std::string_view proto_field(echo::PingField field);              // EchoPingOptions
std::string_view proto_field(request::BackoffField field);        // RequestOptions
std::string_view proto_field(broadcast::SendField field);         // BroadcastSendOptions
std::string_view proto_field(discovery::DiscoverField field);     // DiscoverOptions
std::string_view proto_field(chat::RoomField field);              // ChatRoomOptions
std::string_view proto_field(chat::ClientField field);            // ChatClientOptions
std::string_view proto_field(tftp::ClientField field);            // TftpClientOptions

// A value an engine's validate() refused, at the field of the options message at `at` that set it:
// "workloads[2].echo_ping.window: must be between 1 and 32768".
template <class Field>
Problem config_problem(const util::ConfigError<Field>& error, const FieldPath& at) {
  auto name = [](Field f) { return proto_field(f); };
  Problem p{at + FieldStep{std::string(name(error.field))}, util::reason(error, name)};
  if (error.other) {
    p.other = std::string(name(*error.other));
    p.message_template = error.why;
  }
  return p;
}

}  // namespace udplab::options
