#include "echo/echo_ping.hpp"

#include <algorithm>

namespace udplab::echo {
namespace {
// Probes resolved longer ago than this many probes are forgotten: a reply to one is reported as
// unmatched ("too old to match") because it can no longer be told from a duplicate. The bound keeps
// memory flat and cache-resident in long flood runs.
constexpr std::size_t kHistory = 1u << 16;
}  // namespace

std::optional<PingConfigError> validate(const PingConfig& c) {
  if (c.payload_size < kProbeHeaderSize || c.payload_size > transport::kMaxUdpPayloadV4)
    return PingConfigError{PingField::payload_size, "must be between " + std::to_string(kProbeHeaderSize) + " and " +
                                                        std::to_string(transport::kMaxUdpPayloadV4) + " bytes"};
  if (c.timeout <= Duration::zero()) return PingConfigError{PingField::timeout, "must be positive"};
  if (!c.flood && c.interval <= Duration::zero()) return PingConfigError{PingField::interval, "must be positive"};
  if (c.flood && (c.window == 0 || c.window > kHistory / 2))
    return PingConfigError{PingField::window, "must be between 1 and " + std::to_string(kHistory / 2)};
  if (c.duration < Duration::zero()) return PingConfigError{PingField::duration, "must not be negative"};
  return std::nullopt;
}

EchoPing::EchoPing(PingConfig config) : config_(std::move(config)) {
  counters_.target = config_.target;
  counters_.payload_size = config_.payload_size;
}

EchoPing::Slot* EchoPing::slot(std::uint64_t seq) {
  if (seq < first_seq_ || seq >= next_seq_) return nullptr;
  return &slots_[static_cast<std::size_t>(seq - first_seq_)];
}

void EchoPing::start(Time now) {
  started_ = now;
  started_flag_ = true;
  next_send_ = now;
  send_due(now);
  check_finished(now);
}

bool EchoPing::may_send_more(Time now) const {
  if (stopped_) return false;
  if (config_.count != 0 && counters_.sent >= config_.count) return false;
  if (config_.duration > Duration::zero() && now - started_ >= config_.duration) return false;
  return true;
}

void EchoPing::send_probe(Time now) {
  Probe probe{config_.session, next_seq_, to_ns(now)};
  encode_probe(probe, config_.payload_size, out_.send_buffer(config_.target));  // in place: no copy
  slots_.push_back(Slot{now});
  ++next_seq_;
  ++outstanding_;
  ++counters_.sent;
}

void EchoPing::send_due(Time now) {
  if (config_.flood) {
    while (outstanding_ < config_.window && may_send_more(now)) send_probe(now);
    return;
  }
  if (now >= next_send_ && may_send_more(now)) {
    send_probe(now);
    next_send_ += config_.interval;
    if (next_send_ <= now) next_send_ = now + config_.interval;  // woke late: skip, never burst
  }
}

void EchoPing::expire(Time now) {
  while (resolve_cursor_ < next_seq_) {
    Slot& s = *slot(resolve_cursor_);
    if (!s.replied) {
      if (now < s.sent + config_.timeout) break;
      s.timed_out = true;
      --outstanding_;
      if (out_.events_enabled()) out_.emit(ping_event::Timeout{resolve_cursor_, now});
    }
    ++resolve_cursor_;
  }
  trim_history();
}

void EchoPing::trim_history() {
  while (slots_.size() > kHistory && first_seq_ < resolve_cursor_) {
    slots_.pop_front();
    ++first_seq_;
  }
}

void EchoPing::check_finished(Time now) {
  if (finished_) return;
  bool done_sending = !may_send_more(now);
  if (done_sending && outstanding_ == 0) {
    finished_ = true;
    finished_at_ = now;
  }
}

void EchoPing::on_datagram(Time now, const transport::Datagram& d) {
  if (finished_) return;
  auto probe = decode_probe(d.payload);
  std::string reason;
  if (!probe) {
    reason = std::string(to_string(probe.error()));
  } else if (probe->session != config_.session) {
    reason = "belongs to another session";
  } else if (d.payload.size() != config_.payload_size) {
    reason = "size " + std::to_string(d.payload.size()) + " differs from the probe's " +
             std::to_string(config_.payload_size);
  } else if (probe->seq >= next_seq_ || probe->seq == 0) {
    reason = "sequence number never sent";
  }
  if (!reason.empty()) {
    ++counters_.unmatched;
    if (out_.events_enabled()) out_.emit(ping_event::Unmatched{d.from, d.payload.size(), std::move(reason), now});
    return;
  }
  const std::uint64_t seq = probe->seq;
  Slot* s = slot(seq);
  if (s == nullptr) {
    // Answered after leaving the history window: whether it is a duplicate can't be known.
    ++counters_.unmatched;
    out_.emit(ping_event::Unmatched{d.from, d.payload.size(), "too old to match", now});
    return;
  }
  ping_event::Reply reply{seq, d.payload.size(), now - s->sent, d.from, s->replied, false, s->timed_out, now};
  if (s->replied) {
    ++counters_.duplicates;
  } else {
    s->replied = true;
    ++counters_.received;
    if (s->timed_out) {
      ++counters_.late;
    } else {
      --outstanding_;
    }
    if (seq < highest_received_) {
      reply.reordered = true;
      ++counters_.reordered;
    }
    highest_received_ = std::max(highest_received_, seq);
    rtt_.add(reply.rtt);
  }
  if (out_.events_enabled()) out_.emit(reply);
  expire(now);
  send_due(now);
  check_finished(now);
}

void EchoPing::on_error(Time now, std::error_code ec) {
  if (finished_) return;
  if (ec == std::errc::connection_refused) {
    ++counters_.unreachable;
    out_.emit(ping_event::Unreachable{now});
    return;
  }
  ++counters_.send_errors;
  out_.emit(ping_event::SendFailed{ec.message(), now});
}

void EchoPing::on_timer(Time now) {
  if (finished_ || !started_flag_) return;
  expire(now);
  send_due(now);
  check_finished(now);
}

void EchoPing::stop(Time now) {
  if (finished_) return;
  stopped_ = true;
  finished_ = true;
  finished_at_ = now;
}

PingSummary EchoPing::summary() const {
  PingSummary s = counters_;
  s.lost = s.sent - s.received;
  s.loss_percent = s.sent == 0 ? 0.0 : 100.0 * static_cast<double>(s.lost) / static_cast<double>(s.sent);
  s.elapsed = (finished_ ? finished_at_ : started_) - started_;
  s.rtt = rtt_.summary();
  return s;
}

}  // namespace udplab::echo
