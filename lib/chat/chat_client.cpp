#include "chat/chat_client.hpp"

#include "chat/nick.hpp"
#include "util/overloaded.hpp"

namespace udplab::chat {
namespace {

bool same_endpoint(const net::Endpoint& a, const net::Endpoint& b) {
  return a.port == b.port && a.address.unmapped() == b.address.unmapped();
}

}  // namespace

std::optional<ClientConfigError> validate(const ClientConfig& c) {
  using enum ClientField;
  if (!c.nick.empty() && !valid_nick(c.nick))
    return ClientConfigError{nick, "must be 1-32 bytes of printable UTF-8 without spaces, not starting with / or *"};
  if (c.keepalive < Duration::zero()) return ClientConfigError{keepalive, "must not be negative"};
  if (c.reorder_window <= Duration::zero()) return ClientConfigError{reorder_window, "must be positive"};
  if (c.linger < Duration::zero()) return ClientConfigError{linger, "must not be negative"};
  return std::nullopt;
}

ChatClient::ChatClient(ClientConfig config) : config_(std::move(config)), nick_(config_.nick) {}

void ChatClient::send(Time now, const Message& m) {
  out_.send(config_.peer, encode(m));
  last_sent_ = now;
}

void ChatClient::start(Time now) {
  started_ = true;
  wait_until_ = now;
  send(now, msg::Hello{nick_});
  run_queue(now);
}

void ChatClient::run_queue(Time now) {
  while (!finished_ && !queue_.empty() && now >= wait_until_) {
    ScriptStep step = std::move(queue_.front());
    queue_.pop_front();
    std::visit(util::Overloaded{
                   [&](step::Say& s) {
                     // An empty line says nothing, as parse_line() has it: the wire has no empty
                     // message, and encode() would throw.
                     if (s.text.empty()) return;
                     if (s.text.size() > kMaxText) {
                       out_.emit(client_event::NotSent{"the line is " + std::to_string(s.text.size()) +
                                                           " bytes; a message holds at most " + std::to_string(kMaxText),
                                                       now});
                       return;
                     }
                     const std::uint64_t seq = next_seq_++;
                     send(now, msg::Text{config_.session, seq, nick_, s.text});
                     ++stats_.sent;
                     out_.emit(client_event::Said{seq, std::move(s.text), now});
                   },
                   [&](step::Wait& w) { wait_until_ = now + w.time; },
                   [&](step::Who&) { send(now, msg::List{}); },
                   [&](step::Quit&) { leave(now); },
               },
               step);
  }
  if (!finished_ && input_ended_ && queue_.empty() && !leave_at_) leave_at_ = std::max(now, wait_until_) + config_.linger;
}

void ChatClient::leave(Time now) {
  if (finished_) return;
  if (started_) send(now, msg::Leave{});
  // Gaps still open will not be filled for us any more.
  for (auto& [from, range] : book_.expire(Time::max(), config_.reorder_window))
    out_.emit(client_event::Lost{from, range, now});
  finished_ = true;
}

std::string ChatClient::sender_name(const std::string& nick) const {
  return nick.empty() ? config_.peer.to_string() : nick;
}

void ChatClient::report_lost(Time now, const std::string& from, const std::vector<SeqRange>& ranges) {
  for (const auto& r : ranges) out_.emit(client_event::Lost{from, r, now});
}

void ChatClient::handle_text(Time now, msg::Text t) {
  const std::string from = sender_name(t.nick);
  auto r = book_.on_text(from, t.session, t.seq, now);
  if (r.restarted) out_.emit(client_event::Restarted{from, now});
  report_lost(now, from, r.lost);
  if (r.verdict == SequenceTracker::Verdict::duplicate) {
    out_.emit(client_event::Duplicate{from, t.seq, now});
    return;
  }
  out_.emit(client_event::Message{from, t.seq, std::move(t.text), r.verdict == SequenceTracker::Verdict::late, now});
}

void ChatClient::on_datagram(Time now, const transport::Datagram& d) {
  if (finished_) return;
  if (!same_endpoint(d.from, config_.peer)) {
    ++stats_.ignored;
    return;
  }
  auto m = decode(d.payload);
  if (!m) {
    ++stats_.invalid;
    out_.emit(client_event::Invalid{std::string(to_string(m.error())), now});
    return;
  }
  std::visit(util::Overloaded{
                 [&](msg::Hello& h) {  // only a peer says hello to us; tell the user once per name
                   if (!peer_nick_ || *peer_nick_ != h.nick) {
                     peer_nick_ = h.nick;
                     book_.expect(sender_name(h.nick), now);
                     out_.emit(client_event::Notice{msg::NoticeKind::joined, sender_name(h.nick), now});
                   }
                 },
                 [&](msg::Text& t) { handle_text(now, std::move(t)); },
                 [&](msg::List&) {  // a peer asks who is here: us
                   send(now, msg::Members{1, {nick_.empty() ? std::string("anonymous") : nick_}});
                 },
                 [&](msg::Members& list) { out_.emit(client_event::Members{list.total, std::move(list.nicks), now}); },
                 [&](msg::Notice& n) {
                   if (n.kind == msg::NoticeKind::welcome) nick_ = n.nick;
                   if (n.kind == msg::NoticeKind::joined) book_.expect(n.nick, now);
                   if (n.kind == msg::NoticeKind::left || n.kind == msg::NoticeKind::timed_out)
                     report_lost(now, n.nick, book_.sender_left(n.nick));
                   out_.emit(client_event::Notice{n.kind, std::move(n.nick), now});
                 },
                 [&](msg::Leave&) {  // a peer (not a room) left
                   const std::string who = sender_name(peer_nick_.value_or(""));
                   report_lost(now, who, book_.sender_left(who));
                   peer_nick_.reset();
                   out_.emit(client_event::Notice{msg::NoticeKind::left, who, now});
                 },
             },
             *m);
}

void ChatClient::on_error(Time now, std::error_code ec) {
  if (finished_) return;
  if (ec == std::errc::connection_refused) {
    ++stats_.refused;
    out_.emit(client_event::Refused{now});
    return;
  }
  ++stats_.send_errors;
  out_.emit(client_event::SendFailed{ec.message(), now});
}

void ChatClient::on_timer(Time now) {
  if (!started_ || finished_) return;
  for (auto& [from, range] : book_.expire(now, config_.reorder_window)) out_.emit(client_event::Lost{from, range, now});
  run_queue(now);
  if (leave_at_ && now >= *leave_at_) {
    leave(now);
    return;
  }
  if (!finished_ && config_.keepalive > Duration::zero() && now >= last_sent_ + config_.keepalive)
    send(now, msg::Hello{nick_});
}

std::optional<Time> ChatClient::next_deadline() const {
  if (!started_ || finished_) return std::nullopt;
  std::optional<Time> next = book_.next_expiry(config_.reorder_window);
  auto consider = [&](Time t) {
    if (!next || t < *next) next = t;
  };
  if (!queue_.empty()) consider(wait_until_);
  if (leave_at_) consider(*leave_at_);
  if (config_.keepalive > Duration::zero()) consider(last_sent_ + config_.keepalive);
  return next;
}

void ChatClient::enqueue(Time now, ScriptStep step) {
  if (finished_) return;
  queue_.push_back(std::move(step));
  if (started_) run_queue(now);
}

void ChatClient::end_input(Time now) {
  input_ended_ = true;
  if (started_) run_queue(now);
}

void ChatClient::stop(Time now) {
  if (!started_) finished_ = true;
  leave(now);
}

const ClientStats& ChatClient::stats() const {
  stats_.heard = book_.totals();
  return stats_;
}

}  // namespace udplab::chat
