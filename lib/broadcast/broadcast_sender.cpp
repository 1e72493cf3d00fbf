#include "broadcast/broadcast_sender.hpp"

namespace udplab::broadcast {

std::optional<SendConfigError> validate(const SendConfig& c) {
  using enum SendField;
  if (c.targets.empty()) return SendConfigError{targets, "must name an address: there is nowhere to send"};
  if (c.message.size() > transport::kMaxUdpPayloadV4)
    return SendConfigError{message, "is " + std::to_string(c.message.size()) + " bytes; a UDP datagram holds at most " +
                                        std::to_string(transport::kMaxUdpPayloadV4)};
  if (c.count == 0) return SendConfigError{count, "must be at least 1"};
  if (c.count > 1 && c.interval <= Duration::zero()) return SendConfigError{interval, "must be positive"};
  return std::nullopt;
}

void BroadcastSender::start(Time now) {
  started_ = now;
  next_round_ = now;
  on_timer(now);
}

void BroadcastSender::send_round(Time now) {
  ++stats_.rounds;
  for (const auto& to : config_.targets) {
    out_.send(to, config_.message);
    ++queued_;
    out_.emit(send_event::Sending{to, config_.message.size(), stats_.rounds, now});
  }
}

void BroadcastSender::on_error(Time now, std::error_code ec) {
  ++stats_.send_errors;
  stats_.last_error = ec.message();
  out_.emit(send_event::SendFailed{stats_.last_error, now});
}

void BroadcastSender::on_timer(Time now) {
  if (finished_ || now < next_round_) return;
  send_round(now);
  next_round_ += config_.interval;
  if (next_round_ <= now) next_round_ = now + config_.interval;  // woke late: skip, never burst
  if (stats_.rounds >= config_.count) stop(now);
}

std::optional<Time> BroadcastSender::next_deadline() const {
  if (finished_) return std::nullopt;
  return next_round_;
}

void BroadcastSender::stop(Time now) {
  if (finished_) return;
  finished_ = true;
  stats_.elapsed = now - started_;
}

SendStats BroadcastSender::stats() const {
  SendStats s = stats_;
  s.sent = queued_ >= s.send_errors ? queued_ - s.send_errors : 0;
  return s;
}

}  // namespace udplab::broadcast
