// The engines' configuration fields as the scenario's option messages name them
// (proto/udplab/v1/scenario.proto), so that a value an engine's validate() refuses is reported at
// the field of the scenario file or gRPC request that set it, in that file's words.
#pragma once

#include <string_view>

#include "broadcast/broadcast_sender.hpp"
#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "discovery/discoverer.hpp"
#include "echo/echo_ping.hpp"
#include "request/backoff.hpp"
#include "tftp/client.hpp"

namespace udplab::scenario {

std::string_view proto_field(echo::PingField field);              // EchoPingOptions
std::string_view proto_field(request::BackoffField field);        // RequestOptions
std::string_view proto_field(broadcast::SendField field);         // BroadcastSendOptions
std::string_view proto_field(discovery::DiscoverField field);     // DiscoverOptions
std::string_view proto_field(chat::RoomField field);              // ChatRoomOptions
std::string_view proto_field(chat::ClientField field);            // ChatClientOptions
std::string_view proto_field(tftp::ClientField field);            // TftpClientOptions

}  // namespace udplab::scenario
