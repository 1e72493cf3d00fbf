#include "discovery/discoverer.hpp"

#include <algorithm>

namespace udplab::discovery {

std::optional<DiscoverConfigError> validate(const DiscoverConfig& c) {
  using enum DiscoverField;
  if (c.targets.empty()) return DiscoverConfigError{targets, "must name an address: there is nothing to probe"};
  if (c.probes < 1 || c.probes > 100) return DiscoverConfigError{probes, "must be between 1 and 100"};
  if (c.probes > 1 && c.interval <= Duration::zero()) return DiscoverConfigError{interval, "must be positive"};
  if (c.timeout <= Duration::zero()) return DiscoverConfigError{timeout, "must be positive"};
  return std::nullopt;
}

Discoverer::Discoverer(DiscoverConfig config) : config_(std::move(config)) { summary_.targets = config_.targets; }

void Discoverer::start(Time now) {
  started_ = now;
  send_round(now);
}

void Discoverer::send_round(Time now) {
  const auto seq = static_cast<std::uint32_t>(round_sent_.size() + 1);
  round_sent_.push_back(now);
  const auto probe = encode_probe(Probe{config_.nonce, seq});
  for (const auto& target : config_.targets) {
    out_.send(target, probe);
    ++summary_.probes_sent;
  }
}

Time Discoverer::end_time() const {
  return started_ + config_.interval * static_cast<std::int64_t>(config_.probes - 1) + config_.timeout;
}

void Discoverer::record(Time now, const net::Endpoint& from, std::uint32_t probe, std::string role, std::string name,
                        std::string version) {
  auto known = std::find_if(summary_.responders.begin(), summary_.responders.end(),
                            [&](const Responder& r) { return r.from == from; });
  if (known != summary_.responders.end()) {
    ++known->answers;
    ++summary_.duplicates;
    return;
  }
  Responder r{from, std::move(role), std::move(name), std::move(version), now - round_sent_[probe - 1], probe, 1};
  summary_.responders.push_back(r);
  out_.emit(discover_event::Found{std::move(r), now});
}

void Discoverer::on_datagram(Time now, const transport::Datagram& d) {
  if (finished_) return;
  const auto rounds = static_cast<std::uint32_t>(round_sent_.size());
  auto ours = [&](const Probe& p) { return p.nonce == config_.nonce && p.seq >= 1 && p.seq <= rounds; };
  if (auto reply = decode_reply(d.payload)) {
    if (!ours(reply->probe)) {
      ++summary_.stale;
      return;
    }
    const Identity& id = reply->identity;
    record(now, d.from, reply->probe.seq, std::string(to_string(id.role())), id.name(), id.version());
    return;
  }
  // A plain echo server returns the probe itself.
  if (auto probe = decode_probe(d.payload)) {
    if (ours(*probe)) {
      record(now, d.from, probe->seq, "echo (no discovery)", "", "");
    } else {
      ++summary_.stale;
    }
    return;
  }
  ++summary_.invalid;
  // Name what was wrong with whatever it looked like: a damaged probe (an echo server that
  // truncates, like socat -b64) or a damaged answer.
  auto error = decode_reply(d.payload).error();
  if (error == DecodeError::wrong_type) error = decode_probe(d.payload).error();
  out_.emit(discover_event::Invalid{d.from, std::string(to_string(error)), now});
}

void Discoverer::on_error(Time now, std::error_code ec) {
  if (finished_) return;
  ++summary_.send_errors;
  out_.emit(discover_event::SendFailed{ec.message(), now});
}

void Discoverer::on_timer(Time now) {
  if (finished_) return;
  while (round_sent_.size() < config_.probes) {
    const Time due = started_ + config_.interval * static_cast<std::int64_t>(round_sent_.size());
    if (now < due) break;
    send_round(now);
  }
  if (now >= end_time()) stop(now);
}

std::optional<Time> Discoverer::next_deadline() const {
  if (finished_) return std::nullopt;
  if (round_sent_.size() < config_.probes)
    return started_ + config_.interval * static_cast<std::int64_t>(round_sent_.size());
  return end_time();
}

void Discoverer::stop(Time now) {
  if (finished_) return;
  finished_ = true;
  summary_.elapsed = now - started_;
}

}  // namespace udplab::discovery
