#include "tftp/server_session.hpp"

#include <algorithm>

namespace udplab::tftp {
namespace {

Mode mode_of(const ServerSession::Request& r) {
  return std::visit([](const auto& req) { return req.mode; }, r);
}

}  // namespace

ServerSession::ServerSession(Request request, net::Endpoint client, FileStore& store, SessionConfig config)
    : Transfer(config.timing, mode_of(request), false),
      request_(std::move(request)),
      client_(client),
      store_(store),
      config_(std::move(config)) {
  peer_ = client_;
}

const std::string& ServerSession::filename() const {
  return std::visit([](const auto& req) -> const std::string& { return req.filename; }, request_);
}

void ServerSession::start(Time now) {
  started_ = now;
  phase_ = Phase::negotiating;
  if (mode_ == Mode::mail)
    return refuse(now, Refusal{ErrorCode::illegal_operation, "Illegal TFTP operation: mail mode is not supported"});
  if (const auto* rrq = std::get_if<Rrq>(&request_)) return start_read(now, *rrq);
  start_write(now, std::get<Wrq>(request_));
}

void ServerSession::refuse(Time now, const Refusal& refusal) {
  fail(now, Failure{.kind = FailureKind::refused, .sent_code = refusal.code, .message = refusal.message});
}

bool ServerSession::send_oack(Time now, const Options& options) {
  if (options.empty()) return false;
  for (const auto& o : options) oack_text_ += (oack_text_.empty() ? "" : " ") + o.name + "=" + o.value;
  if (auto ec = encode(Oack{options}, control_buffer())) {
    refuse(now, Refusal{ErrorCode::not_defined, "cannot encode the OACK: " + ec.message()});
    return true;
  }
  send_control(now, client_, "the OACK");
  return true;
}

void ServerSession::start_read(Time now, const Rrq& rrq) {
  auto file = store_.open_read(rrq.filename);
  if (!file) return refuse(now, file.error());
  source_ = std::move(*file);
  std::optional<std::uint64_t> read_size = source_->size();
  if (mode_ == Mode::netascii) {
    read_size.reset();
    // The netascii size takes a pass over the file: only when the client asked for it.
    if (config_.limits.tsize && find_option(rrq.options, kTsize)) {
      auto size = netascii_size(*source_);
      if (!size) return refuse(now, refusal_for(size.error(), "cannot read the file"));
      read_size = *size;
    }
  }
  ServerNegotiation n = negotiate(Direction::read, rrq.options, config_.limits, read_size);
  if (n.refusal) return refuse(now, Refusal{n.refusal->code, n.refusal->message});
  set_params(now, n.params, !n.oack.empty());
  if (send_oack(now, n.oack)) return;  // DATA 1 follows the client's ACK 0
  begin_sending(now, *source_);
}

void ServerSession::start_write(Time now, const Wrq& wrq) {
  auto file = store_.open_write(wrq.filename);
  if (!file) return refuse(now, file.error());
  sink_ = std::move(*file);
  ServerLimits limits = config_.limits;
  if (config_.upload_window_bytes) limits.max_window_bytes = *config_.upload_window_bytes;
  // A client's wish for a larger window is granted against our own buffer only: without its size,
  // we know no more than the client did when it lowered its windowsize.
  limits.window_wish = limits.window_wish && config_.upload_window_bytes.has_value();
  limits.free_space = sink_->capacity();
  const std::optional<WriteLimit> limit = tighter_limit(limits.max_write_size, limits.free_space);
  ServerNegotiation n = negotiate(Direction::write, wrq.options, limits, std::nullopt);
  if (n.refusal) {
    sink_->discard();
    return refuse(now, Refusal{n.refusal->code, n.refusal->message});
  }
  set_params(now, n.params, !n.oack.empty());
  if (send_oack(now, n.oack)) {
    if (phase_ != Phase::finished) begin_receiving(now, *sink_, limit, false);
    return;
  }
  begin_receiving(now, *sink_, limit, true);
}

void ServerSession::on_datagram(Time now, const transport::Datagram& d) {
  if (phase_ == Phase::finished || phase_ == Phase::idle) return;
  if (d.from != client_) return reject_stray(now, d, "datagram from another transfer ID");
  auto packet = decode(d.payload);
  if (!packet)
    return fail_protocol(now, reply_code_for(packet.error()), "Illegal TFTP operation: " + packet.error().message());
  heard_from_peer_ = true;
  if (phase_ == Phase::negotiating) {
    // An RRQ's OACK waits for ACK 0 (RFC 2347); the client may also refuse it with an ERROR.
    if (const auto* ack = std::get_if<Ack>(&*packet); ack && ack->block == 0) return begin_sending(now, *source_);
    if (const auto* error = std::get_if<Error>(&*packet)) return fail_peer_error(now, *error);
    ++stats_.duplicates;  // something stale: the OACK's timer repeats it if needed
    return;
  }
  handle_peer_packet(now, *packet);
}

}  // namespace udplab::tftp
