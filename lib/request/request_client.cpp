#include "request/request_client.hpp"

namespace udplab::request {
namespace {

bool same_endpoint(const net::Endpoint& a, const net::Endpoint& b) {
  return a.port == b.port && a.address.unmapped() == b.address.unmapped();
}

}  // namespace

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::pending: return "pending";
    case Outcome::replied: return "replied";
    case Outcome::gave_up: return "gave_up";
    case Outcome::refused: return "refused";
    case Outcome::send_failed: return "send_failed";
    case Outcome::stopped: return "stopped";
  }
  return "unknown";
}

RequestClient::RequestClient(RequestConfig config, RandomBits random)
    : config_(std::move(config)), random_(std::move(random)), waits_(backoff_waits(config_.backoff)) {
  summary_.target = config_.target;
  summary_.request_bytes = config_.message.size();
  summary_.backoff = config_.backoff;
}

void RequestClient::start(Time now) {
  first_sent_ = now;
  if (waits_.empty()) {  // a policy validate() rejects; nothing to do
    finish(now, Outcome::gave_up);
    return;
  }
  send_attempt(now);
}

void RequestClient::send_attempt(Time now) {
  const std::size_t index = summary_.attempts.size();
  Duration wait = waits_[index];
  if (config_.backoff.jitter && random_) wait = jittered_wait(wait, random_());
  const auto number = static_cast<unsigned>(index + 1);
  summary_.attempts.push_back(AttemptRecord{number, now - first_sent_, wait, false});
  last_sent_ = now;
  deadline_ = now + wait;
  out_.send(config_.target, config_.message);
  out_.emit(request_event::AttemptSent{number, wait, now});
}

void RequestClient::finish(Time now, Outcome outcome) {
  summary_.outcome = outcome;
  summary_.total = now - first_sent_;
}

void RequestClient::on_datagram(Time now, const transport::Datagram& d) {
  if (finished()) return;
  if (!same_endpoint(d.from, config_.target)) {
    ++summary_.ignored;
    out_.emit(request_event::Ignored{d.from, d.payload.size(), now});
    return;
  }
  summary_.answered_attempt = static_cast<unsigned>(summary_.attempts.size());
  summary_.rtt = now - last_sent_;
  summary_.reply.assign(d.payload.begin(), d.payload.end());
  out_.emit(request_event::Replied{summary_.answered_attempt, summary_.rtt, d.payload.size(), now});
  finish(now, Outcome::replied);
}

void RequestClient::on_error(Time now, std::error_code ec) {
  if (finished()) return;
  if (ec == std::errc::connection_refused) {
    out_.emit(request_event::Refused{now});
    finish(now, Outcome::refused);
    return;
  }
  summary_.error = ec.message();
  out_.emit(request_event::SendFailed{summary_.error, now});
  finish(now, Outcome::send_failed);
}

void RequestClient::on_timer(Time now) {
  if (finished() || summary_.attempts.empty() || now < deadline_) return;
  auto& current = summary_.attempts.back();
  current.timed_out = true;
  out_.emit(request_event::TimedOut{current.number, current.wait, now});
  if (summary_.attempts.size() < waits_.size()) {
    send_attempt(now);
    return;
  }
  out_.emit(request_event::GaveUp{static_cast<unsigned>(summary_.attempts.size()), now});
  finish(now, Outcome::gave_up);
}

std::optional<Time> RequestClient::next_deadline() const {
  if (finished() || summary_.attempts.empty()) return std::nullopt;
  return deadline_;
}

void RequestClient::stop(Time now) {
  if (!finished()) finish(now, Outcome::stopped);
}

}  // namespace udplab::request
