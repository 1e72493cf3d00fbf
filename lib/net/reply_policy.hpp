// Whom a server may answer.
//
// A server that replies to a datagram's source address can be abused: a spoofed source makes it
// send to a victim, and a broadcast or multicast source makes it send to a whole network (the
// echo/chargen "fraggle" attacks). udplab's servers (echo, discovery, the chat room) never answer a
// source that cannot be one real requester.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "net/address.hpp"

namespace udplab::net {

enum class ReplyRefusal { port_zero, multicast_source, broadcast_source, unspecified_source };
std::string_view to_string(ReplyRefusal r);

// Why a reply to `from` must not be sent, or nothing when it may. `broadcast_addresses` are the
// host's directed broadcast addresses (the limited broadcast address is always refused).
std::optional<ReplyRefusal> refuse_reply_to(const Endpoint& from, std::span<const IpAddress> broadcast_addresses);

}  // namespace udplab::net
