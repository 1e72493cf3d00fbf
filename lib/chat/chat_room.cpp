#include "chat/chat_room.hpp"

#include <algorithm>

#include "chat/nick.hpp"
#include "net/reply_policy.hpp"
#include "util/overloaded.hpp"

namespace udplab::chat {

std::optional<RoomConfigError> validate(const RoomConfig& c) {
  using enum RoomField;
  if (c.capacity < 1 || c.capacity > 1000) return RoomConfigError{capacity, "must be between 1 and 1000"};
  if (c.idle_timeout < Duration::zero()) return RoomConfigError{idle_timeout, "must not be negative"};
  if (c.reorder_window <= Duration::zero()) return RoomConfigError{reorder_window, "must be positive"};
  return std::nullopt;
}

ChatRoom::Member* ChatRoom::find(const net::Endpoint& from) {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.endpoint == from; });
  return it == members_.end() ? nullptr : &*it;
}

void ChatRoom::send(const net::Endpoint& to, const Message& m) { out_.send(to, encode(m)); }

void ChatRoom::tell_others(const net::Endpoint& except, const Message& m) {
  const auto wire = encode(m);
  for (const auto& member : members_)
    if (member.endpoint != except) out_.send(member.endpoint, wire);
}

ChatRoom::Member* ChatRoom::join(Time now, const net::Endpoint& from, const std::string& wanted) {
  if (members_.size() >= config_.capacity) {
    ++stats_.full;
    send(from, msg::Notice{msg::NoticeKind::room_full, ""});
    out_.emit(room_event::Rejected{from, "room full", now});
    return nullptr;
  }
  const std::string nick = assign_nick(wanted, guests_ + 1, [this](std::string_view n) {
    return std::any_of(members_.begin(), members_.end(), [n](const Member& m) { return m.nick == n; });
  });
  if (nick.rfind("guest-", 0) == 0 && !valid_nick(wanted)) ++guests_;
  members_.push_back(Member{from, nick, now});
  book_.expect(nick, now);
  ++stats_.joined;
  send(from, msg::Notice{msg::NoticeKind::welcome, nick});
  tell_others(from, msg::Notice{msg::NoticeKind::joined, nick});
  out_.emit(room_event::Joined{nick, from, now});
  return &members_.back();
}

void ChatRoom::remove(Time now, const net::Endpoint& from, bool timed_out) {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.endpoint == from; });
  if (it == members_.end()) return;
  const std::string nick = it->nick;
  members_.erase(it);
  ++(timed_out ? stats_.timed_out : stats_.left);
  for (const auto& r : book_.sender_left(nick)) out_.emit(room_event::Lost{nick, r, now});
  tell_others(from, msg::Notice{timed_out ? msg::NoticeKind::timed_out : msg::NoticeKind::left, nick});
  out_.emit(room_event::Left{nick, timed_out, now});
}

void ChatRoom::relay(Time now, Member& from, msg::Text t) {
  ++stats_.messages;
  auto r = book_.on_text(from.nick, t.session, t.seq, now);
  for (const auto& range : r.lost) out_.emit(room_event::Lost{from.nick, range, now});
  // Duplicates are relayed too: the room passes on what the network did, and receivers sort it out.
  t.nick = from.nick;
  const std::string nick = from.nick;
  const std::uint64_t seq = t.seq;
  const net::Endpoint sender = from.endpoint;  // `from` may not outlive tell_others' sends
  tell_others(sender, t);
  const std::size_t recipients = members_.size() - 1;
  stats_.relayed += recipients;
  out_.emit(room_event::Relayed{nick, seq, recipients, now});
}

void ChatRoom::on_datagram(Time now, const transport::Datagram& d) {
  if (auto why = net::refuse_reply_to(d.from, config_.broadcast_addresses)) {
    ++stats_.refused;
    out_.emit(room_event::Rejected{d.from, std::string(net::to_string(*why)), now});
    return;
  }
  if (config_.discovery) {
    if (auto answer = discovery::answer_probe(d.payload, *config_.discovery)) {
      out_.send(d.from, *answer);
      ++stats_.discovery_answered;
      return;
    }
  }
  auto m = decode(d.payload);
  if (!m) {
    ++stats_.invalid;
    out_.emit(room_event::Rejected{d.from, std::string(to_string(m.error())), now});
    return;
  }
  const bool from_a_room = std::holds_alternative<msg::Members>(*m) || std::holds_alternative<msg::Notice>(*m);
  Member* member = find(d.from);
  if (!member && from_a_room) {  // another room (or a reflection of our own datagrams): never a member
    ++stats_.invalid;
    out_.emit(room_event::Rejected{d.from, "a room's message sent to the room", now});
    return;
  }
  if (!member) {
    if (std::holds_alternative<msg::Leave>(*m)) return;  // not a member: nothing to leave
    std::string wanted;
    if (const auto* h = std::get_if<msg::Hello>(&*m)) wanted = h->nick;
    if (const auto* t = std::get_if<msg::Text>(&*m)) wanted = t->nick;
    member = join(now, d.from, wanted);
    if (!member) return;
  }
  member->last_heard = now;
  std::visit(util::Overloaded{
                 [](msg::Hello&) {},  // joined above, or a keepalive
                 [&](msg::Text& t) { relay(now, *member, std::move(t)); },
                 [&](msg::List&) {
                   msg::Members list{static_cast<std::uint16_t>(members_.size()), {}};
                   for (const auto& x : members_) list.nicks.push_back(x.nick);
                   send(d.from, list);
                 },
                 [&](msg::Leave&) { remove(now, d.from, false); },
                 [&](auto&) {  // members and notices come from rooms, not from members
                   ++stats_.invalid;
                   out_.emit(room_event::Rejected{d.from, "a room's message sent to the room", now});
                 },
             },
             *m);
}

void ChatRoom::on_error(Time, std::error_code) {
  // A member that vanished (ICMP port unreachable) is left to the idle timeout: one lost datagram
  // is no proof that it is gone for good.
  ++stats_.send_errors;
}

void ChatRoom::on_timer(Time now) {
  for (auto& [from, range] : book_.expire(now, config_.reorder_window)) out_.emit(room_event::Lost{from, range, now});
  if (config_.idle_timeout <= Duration::zero()) return;
  std::vector<net::Endpoint> idle;
  for (const auto& m : members_)
    if (m.last_heard + config_.idle_timeout <= now) idle.push_back(m.endpoint);
  for (const auto& e : idle) remove(now, e, true);
}

std::optional<Time> ChatRoom::next_deadline() const {
  std::optional<Time> next = book_.next_expiry(config_.reorder_window);
  if (config_.idle_timeout > Duration::zero())
    for (const auto& m : members_)
      if (!next || m.last_heard + config_.idle_timeout < *next) next = m.last_heard + config_.idle_timeout;
  return next;
}

const RoomStats& ChatRoom::stats() const {
  stats_.heard = book_.totals();
  return stats_;
}

}  // namespace udplab::chat
