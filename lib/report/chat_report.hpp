// Chat client and room results as report messages, and as the text `udplab chat` prints.
//
// Everything a peer chose (nicks, message text) goes through text::printable() here, so no
// renderer output can carry a peer's control characters or escape sequences to the terminal.
#pragma once

#include <string>

#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "udplab/v1/report.pb.h"

namespace udplab::report {

v1::ChatClientReport make_chat_client_report(const chat::ChatClient& c);
v1::ChatRoomReport make_chat_room_report(const chat::ChatRoom& r, const std::string& bind);

std::string render_chat_client(const v1::ChatClientReport& r);
std::string render_chat_room(const v1::ChatRoomReport& r);

// One line per event, without its time (the caller adds a clock or an offset, see event_time).
// Lines about the conversation rather than from someone in it start with "* ".
std::string render_chat_client_event(const chat::ClientEvent& e, const net::Endpoint& peer);
std::string render_chat_room_event(const chat::RoomEvent& e);
Time event_time(const chat::ClientEvent& e);
Time event_time(const chat::RoomEvent& e);

}  // namespace udplab::report
