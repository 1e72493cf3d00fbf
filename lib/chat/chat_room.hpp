// ChatRoom: the chat server (see transport/engine.hpp for the engine contract).
//
// Anyone who sends a member's datagram (hello, text, list) joins; what only rooms send (members,
// notices) never makes its sender a member, so two rooms aimed at each other stay apart. The room
// gives each member a nickname (the one asked for if it is valid and free, see nick.hpp), welcomes
// them and tells the others. Every message a member sends is relayed to every other member with
// the member's nick and the sender's own session and sequence number, so receivers see what was
// lost on either hop. "list" gets the member list; "leave", or silence for `idle_timeout`, ends a
// membership (and the others are told).
//
// The room keeps the rules of udplab's servers: it never answers a broadcast, multicast, port-0 or
// unspecified source (net/reply_policy.hpp), ignores malformed datagrams without answering, holds
// at most `capacity` members, and, given an identity, answers discovery probes. It cannot check
// that a member's address is real (UDP has no handshake): see docs/chat.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chat/chat_codec.hpp"
#include "chat/sender_book.hpp"
#include "discovery/discovery_codec.hpp"
#include "transport/engine.hpp"
#include "util/config_error.hpp"

namespace udplab::chat {

struct RoomConfig {
  Duration idle_timeout = std::chrono::seconds(120);  // 0: never
  std::size_t capacity = 64;
  Duration reorder_window = std::chrono::milliseconds(500);
  std::vector<net::IpAddress> broadcast_addresses;  // this host's, never answered
  std::optional<discovery::Identity> discovery;     // answer discovery probes as this
};

// The fields validate() checks, for each front end to name in its own words.
enum class RoomField { capacity, idle_timeout, reorder_window };
using RoomConfigError = util::ConfigError<RoomField>;

// Checks ranges; returns the first bad field and why, or nothing.
std::optional<RoomConfigError> validate(const RoomConfig& config);

struct RoomStats {
  std::uint64_t joined = 0, left = 0, timed_out = 0, full = 0;
  std::uint64_t messages = 0;  // messages received from members
  std::uint64_t relayed = 0;   // datagrams sent relaying them
  SenderStats heard;           // members' uplinks: what was lost on the way to the room
  std::uint64_t invalid = 0;
  std::uint64_t refused = 0;
  std::uint64_t discovery_answered = 0;
  std::uint64_t send_errors = 0;
};

namespace room_event {
struct Joined {
  std::string nick;
  net::Endpoint from{};
  Time at{};
};
struct Left {
  std::string nick;
  bool timed_out{};
  Time at{};
};
struct Relayed {
  std::string from;
  std::uint64_t seq{};
  std::size_t recipients{};
  Time at{};
};
struct Lost {  // on a member's way to the room
  std::string from;
  SeqRange range{};
  Time at{};
};
struct Rejected {  // not served: malformed, refused source, room full
  net::Endpoint from{};
  std::string reason;
  Time at{};
};
}  // namespace room_event

using RoomEvent = std::variant<room_event::Joined, room_event::Left, room_event::Relayed, room_event::Lost,
                               room_event::Rejected>;

class ChatRoom : public transport::EngineOutputs<RoomEvent> {
 public:
  using Event = RoomEvent;

  explicit ChatRoom(RoomConfig config) : config_(std::move(config)) {}

  void start(Time) {}
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return false; }

  struct Member {
    net::Endpoint endpoint;
    std::string nick;
    Time last_heard{};
  };
  const std::vector<Member>& members() const { return members_; }
  const RoomStats& stats() const;
  const SenderBook& senders() const { return book_; }

 private:
  Member* find(const net::Endpoint& from);
  Member* join(Time now, const net::Endpoint& from, const std::string& wanted);
  void remove(Time now, const net::Endpoint& from, bool timed_out);
  void send(const net::Endpoint& to, const Message& m);
  void tell_others(const net::Endpoint& except, const Message& m);
  void relay(Time now, Member& from, msg::Text t);

  RoomConfig config_;
  std::vector<Member> members_;  // in the order they joined: relays go out in that order
  std::uint64_t guests_ = 0;
  SenderBook book_;
  mutable RoomStats stats_;
};

}  // namespace udplab::chat
