#include "report/chat_report.hpp"

#include "text/printable.hpp"
#include "util/format.hpp"
#include "util/overloaded.hpp"

namespace udplab::report {
namespace {

using text::printable;
using util::Overloaded;
using util::plural;

void fill(v1::ChatSenderStats& m, const std::string& nick, const chat::SenderStats& s) {
  m.set_nick(printable(nick));
  m.set_received(s.received);
  m.set_lost(s.lost);
  m.set_late(s.late);
  m.set_duplicates(s.duplicates);
}

std::string u(std::uint64_t n) { return std::to_string(n); }

std::string counts(std::uint64_t received, std::uint64_t lost, std::uint64_t late, std::uint64_t duplicates) {
  return u(received) + " received, " + u(lost) + " lost, " + u(late) + " late (reordered), " +
         plural(duplicates, "duplicate");
}

std::string sender_lines(const google::protobuf::RepeatedPtrField<v1::ChatSenderStats>& senders) {
  std::string out;
  for (const auto& s : senders)
    out += "  " + s.nick() + ": " + counts(s.received(), s.lost(), s.late(), s.duplicates()) + "\n";
  return out;
}

std::string range_text(const chat::SeqRange& r) {
  return r.first == r.last ? "#" + u(r.first) : "#" + u(r.first) + "-" + u(r.last);
}

}  // namespace

v1::ChatClientReport make_chat_client_report(const chat::ChatClient& c) {
  v1::ChatClientReport r;
  const auto& s = c.stats();
  r.set_peer(c.config().peer.to_string());
  r.set_nick(printable(c.nick()));
  r.set_sent(s.sent);
  r.set_received(s.heard.received);
  r.set_lost(s.heard.lost);
  r.set_late(s.heard.late);
  r.set_duplicates(s.heard.duplicates);
  for (const auto& [nick, sender] : c.senders().senders()) fill(*r.add_senders(), nick, sender.stats);
  r.set_invalid(s.invalid);
  r.set_ignored(s.ignored);
  r.set_refused(s.refused);
  r.set_send_errors(s.send_errors);
  return r;
}

v1::ChatRoomReport make_chat_room_report(const chat::ChatRoom& room, const std::string& bind) {
  v1::ChatRoomReport r;
  const auto& s = room.stats();
  r.set_bind(bind);
  r.set_joined(s.joined);
  r.set_left(s.left);
  r.set_timed_out(s.timed_out);
  r.set_full(s.full);
  r.set_messages(s.messages);
  r.set_relayed(s.relayed);
  r.set_lost(s.heard.lost);
  r.set_late(s.heard.late);
  r.set_duplicates(s.heard.duplicates);
  for (const auto& [nick, sender] : room.senders().senders()) fill(*r.add_senders(), nick, sender.stats);
  for (const auto& m : room.members()) r.add_members(printable(m.nick));
  r.set_invalid(s.invalid);
  r.set_refused(s.refused);
  r.set_discovery_answered(s.discovery_answered);
  r.set_send_errors(s.send_errors);
  return r;
}

std::string render_chat_client(const v1::ChatClientReport& r) {
  std::string out = "--- chat with " + r.peer() + (r.nick().empty() ? "" : " as " + r.nick()) + " ---\n";
  out += plural(r.sent(), "message") + " sent; " + counts(r.received(), r.lost(), r.late(), r.duplicates()) + "\n";
  out += sender_lines(r.senders());
  if (r.refused() > 0) out += "connection refused " + plural(r.refused(), "time") + ": nothing listened at " + r.peer() + "\n";
  if (r.ignored() > 0) out += "from other sources: " + plural(r.ignored(), "datagram") + " ignored\n";
  if (r.invalid() > 0) out += "not chat messages: " + plural(r.invalid(), "datagram") + " ignored\n";
  if (r.send_errors() > 0) out += plural(r.send_errors(), "send error") + "\n";
  return out;
}

std::string render_chat_room(const v1::ChatRoomReport& r) {
  std::string out = "--- chat room on " + r.bind() + " ---\n";
  out += u(r.joined()) + " joined, " + u(r.left()) + " left, " + u(r.timed_out()) + " timed out";
  if (r.full() > 0) out += ", " + u(r.full()) + " turned away (room full)";
  out += "; " + plural(static_cast<std::uint64_t>(r.members_size()), "member") + " now";
  for (int i = 0; i < r.members_size(); ++i) out += (i == 0 ? ": " : ", ") + r.members(i);
  out += "\n";
  out += plural(r.messages(), "message") + " in, " + plural(r.relayed(), "datagram") + " relayed; on the way in: " +
         u(r.lost()) + " lost, " + u(r.late()) + " late (reordered), " + plural(r.duplicates(), "duplicate") + "\n";
  out += sender_lines(r.senders());
  if (r.invalid() > 0) out += "not chat messages: " + plural(r.invalid(), "datagram") + " ignored\n";
  if (r.refused() > 0) out += "from sources never answered (broadcast, port 0, ...): " + plural(r.refused(), "datagram") + "\n";
  if (r.send_errors() > 0) out += plural(r.send_errors(), "send error") + "\n";
  return out;
}

std::string render_chat_client_event(const chat::ClientEvent& e, const net::Endpoint& peer) {
  using namespace chat::client_event;
  return std::visit(
      Overloaded{
          [](const Message& m) {
            std::string line = printable(m.from) + ": " + printable(m.text);
            if (m.late) line += "   [#" + u(m.seq) + " late: arrived after a later message]";
            return line;
          },
          [](const Said& s) { return "you: " + printable(s.text); },
          [](const Lost& l) {
            return "* " + plural(l.range.count(), "message") + " from " + printable(l.from) + " lost (" +
                   range_text(l.range) + ")";
          },
          [](const Duplicate& d) {
            return "* a duplicate of " + printable(d.from) + "'s message #" + u(d.seq) + " dropped";
          },
          [](const Restarted& r) { return "* " + printable(r.from) + " restarted: their numbering starts again"; },
          [](const Notice& n) -> std::string {
            const std::string who = printable(n.nick);
            switch (n.kind) {
              case chat::msg::NoticeKind::welcome: return "* welcome: you are " + who;
              case chat::msg::NoticeKind::joined: return "* " + who + " joined";
              case chat::msg::NoticeKind::left: return "* " + who + " left";
              case chat::msg::NoticeKind::timed_out: return "* " + who + " timed out (silent too long)";
              case chat::msg::NoticeKind::room_full: return "* the room is full: try again later";
            }
            return "* notice about " + who;
          },
          [](const Members& m) {
            std::string line = "* " + plural(m.total, "member");
            for (std::size_t i = 0; i < m.nicks.size(); ++i) line += (i == 0 ? ": " : ", ") + printable(m.nicks[i]);
            if (m.total > m.nicks.size()) line += " and " + u(m.total - m.nicks.size()) + " more";
            return line;
          },
          [&](const Refused&) { return "* connection refused: nothing listens at " + peer.to_string() + " (yet)"; },
          [](const Invalid& i) { return "* ignored a datagram that is not a chat message: " + i.reason; },
          [](const NotSent& n) { return "* not sent: " + n.reason; },
          [](const SendFailed& f) { return "* send failed: " + f.error; },
      },
      e);
}

std::string render_chat_room_event(const chat::RoomEvent& e) {
  using namespace chat::room_event;
  return std::visit(
      Overloaded{
          [](const Joined& j) { return printable(j.nick) + " joined from " + j.from.to_string(); },
          [](const Left& l) { return printable(l.nick) + (l.timed_out ? " timed out (silent too long)" : " left"); },
          [](const Relayed& r) { return printable(r.from) + " #" + u(r.seq) + " relayed to " + plural(r.recipients, "member"); },
          [](const Lost& l) {
            return plural(l.range.count(), "message") + " from " + printable(l.from) + " lost on the way in (" +
                   range_text(l.range) + ")";
          },
          [](const Rejected& r) { return "ignored " + r.from.to_string() + ": " + r.reason; },
      },
      e);
}

Time event_time(const chat::ClientEvent& e) {
  return std::visit([](const auto& x) { return x.at; }, e);
}
Time event_time(const chat::RoomEvent& e) {
  return std::visit([](const auto& x) { return x.at; }, e);
}

}  // namespace udplab::report
