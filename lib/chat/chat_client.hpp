// ChatClient: one chat participant, talking to a chat room or straight to another client (see
// transport/engine.hpp for the engine contract, chat_codec.hpp for the datagrams).
//
// It announces itself (hello) at start and when it has been quiet for `keepalive`, so a room does
// not time it out. What the user types arrives as script steps (enqueue): messages go out numbered
// 1, 2, 3...; /wait pauses the queue; /who asks for the member list; /quit leaves. After
// end_input() it keeps listening for `linger`, then leaves. Scripts, piped input and a person at a
// terminal all drive it the same way.
//
// Incoming messages are tracked per sender (sender_book.hpp): a gap waits `reorder_window` to be
// filled (then the late message is marked as reordered) before it is reported as lost ("2 messages
// from bob lost"); duplicates are dropped and counted. Only datagrams from the peer are read; the
// host program should connect the socket to it, so that "nobody listens there" arrives as
// on_error(connection_refused). Text is passed on as bytes: making it safe to print is the
// renderer's job (text/printable.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chat/chat_codec.hpp"
#include "chat/chat_script.hpp"
#include "chat/sender_book.hpp"
#include "transport/engine.hpp"
#include "util/config_error.hpp"

namespace udplab::chat {

struct ClientConfig {
  net::Endpoint peer;
  std::string nick;            // wished for; may be empty (a room then assigns one)
  std::uint64_t session = 0;   // random per run
  Duration keepalive = std::chrono::seconds(30);        // 0: never
  Duration reorder_window = std::chrono::milliseconds(500);
  Duration linger = std::chrono::seconds(1);            // after the input ends
};

// The fields validate() checks, for each front end to name in its own words.
enum class ClientField { nick, keepalive, reorder_window, linger };
using ClientConfigError = util::ConfigError<ClientField>;

// Checks ranges; returns the first bad field and why, or nothing.
std::optional<ClientConfigError> validate(const ClientConfig& config);

struct ClientStats {
  std::uint64_t sent = 0;      // messages sent
  SenderStats heard;           // over every sender
  std::uint64_t invalid = 0;   // datagrams that did not decode
  std::uint64_t ignored = 0;   // datagrams from anyone but the peer
  std::uint64_t refused = 0;   // ICMP port unreachable reports: nobody listens at the peer
  std::uint64_t send_errors = 0;
};

namespace client_event {
struct Message {  // a message from someone
  std::string from;
  std::uint64_t seq{};
  std::string text;
  bool late{};  // overtaken by a later one (reordered)
  Time at{};
};
struct Said {  // our own message, as sent
  std::uint64_t seq{};
  std::string text;
  Time at{};
};
struct Lost {
  std::string from;
  SeqRange range{};
  Time at{};
};
struct Duplicate {
  std::string from;
  std::uint64_t seq{};
  Time at{};
};
struct Restarted {  // a sender came back with a new session
  std::string from;
  Time at{};
};
struct Notice {
  msg::NoticeKind kind{};
  std::string nick;
  Time at{};
};
struct Members {
  std::uint16_t total{};
  std::vector<std::string> nicks;
  Time at{};
};
struct Refused {
  Time at{};
};
struct Invalid {
  std::string reason;
  Time at{};
};
struct NotSent {  // a line the user typed that cannot go out (too long)
  std::string reason;
  Time at{};
};
struct SendFailed {
  std::string error;
  Time at{};
};
}  // namespace client_event

using ClientEvent = std::variant<client_event::Message, client_event::Said, client_event::Lost,
                                 client_event::Duplicate, client_event::Restarted, client_event::Notice,
                                 client_event::Members, client_event::Refused, client_event::Invalid,
                                 client_event::NotSent, client_event::SendFailed>;

class ChatClient : public transport::EngineOutputs<ClientEvent> {
 public:
  using Event = ClientEvent;

  explicit ChatClient(ClientConfig config);

  void start(Time now);
  void on_datagram(Time now, const transport::Datagram& d);
  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  bool finished() const { return finished_; }

  // Commands.
  void enqueue(Time now, ScriptStep step);
  void end_input(Time now);  // no more steps will come: linger, then leave
  void stop(Time now);       // leave now

  const ClientStats& stats() const;
  const SenderBook& senders() const { return book_; }
  // The nick the room gave us (welcome), or the one we asked for.
  const std::string& nick() const { return nick_; }
  const ClientConfig& config() const { return config_; }

 private:
  void send(Time now, const Message& m);
  void run_queue(Time now);
  void leave(Time now);
  void handle_text(Time now, msg::Text t);
  void report_lost(Time now, const std::string& from, const std::vector<SeqRange>& ranges);
  std::string sender_name(const std::string& nick) const;

  ClientConfig config_;
  std::string nick_;
  std::deque<ScriptStep> queue_;
  Time wait_until_{};
  bool input_ended_ = false;
  std::optional<Time> leave_at_;
  Time last_sent_{};
  std::uint64_t next_seq_ = 1;
  std::optional<std::string> peer_nick_;  // a peer's (not a room's) name from its hello, once heard
  bool started_ = false;
  bool finished_ = false;
  SenderBook book_;
  mutable ClientStats stats_;
};

}  // namespace udplab::chat
