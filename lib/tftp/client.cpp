#include "tftp/client.hpp"

namespace udplab::tftp {

std::optional<ClientConfigError> validate(const ClientConfig& c) {
  using enum ClientField;
  if (c.remote.empty()) return ClientConfigError{remote, "is empty"};
  if (c.remote.size() > kMaxFilenameLength)
    return ClientConfigError{remote, "is longer than " + std::to_string(kMaxFilenameLength) + " bytes"};
  if (c.mode == Mode::mail) return ClientConfigError{mode, "must be octet or netascii (mail is not supported)"};
  if (c.blksize && (*c.blksize < kMinBlksize || *c.blksize > kMaxBlksize))
    return ClientConfigError{blksize,
                             "must be between " + std::to_string(kMinBlksize) + " and " + std::to_string(kMaxBlksize)};
  if (c.windowsize && (*c.windowsize < kMinWindowsize || *c.windowsize > kMaxWindowsize))
    return ClientConfigError{windowsize, "must be between " + std::to_string(kMinWindowsize) + " and " +
                                             std::to_string(kMaxWindowsize)};
  if (c.timeout_s && (*c.timeout_s < kMinTimeout || *c.timeout_s > kMaxTimeout))
    return ClientConfigError{timeout_option, "must be between " + std::to_string(kMinTimeout) + " and " +
                                                 std::to_string(kMaxTimeout) + " seconds"};
  const std::uint64_t window_bytes = std::uint64_t{c.windowsize.value_or(1)} * c.blksize.value_or(kDefaultBlksize);
  if (window_bytes > kMaxClientWindowBytes)
    return ClientConfigError{
        windowsize, "times {other} must stay within " + std::to_string(kMaxClientWindowBytes >> 20) + " MiB", blksize};
  if (c.timing.timeout <= Duration::zero()) return ClientConfigError{timeout, "must be positive"};
  if (c.server.port == 0) return ClientConfigError{server, "must have a port other than 0"};
  return std::nullopt;
}

Client::Client(ClientConfig config, std::unique_ptr<WriteFile> sink)
    : Transfer(config.timing, config.mode, true), config_(std::move(config)), sink_(std::move(sink)) {}

Client::Client(ClientConfig config, std::unique_ptr<ReadFile> source)
    : Transfer(config.timing, config.mode, true), config_(std::move(config)), source_(std::move(source)) {}

void Client::start(Time now) {
  started_ = now;
  phase_ = Phase::negotiating;
  request_ = ClientRequest{.direction = direction(),
                           .blksize = config_.blksize,
                           .timeout_s = config_.timeout_s,
                           .windowsize = asked_windowsize(),
                           .tsize = config_.tsize,
                           .max_read_size = config_.max_read_size};
  request_.sliding = config_.sliding && request_.windowsize && *request_.windowsize >= 2;
  // An upload's window was lowered to fit a default receive buffer at the server; a udplab server,
  // which knows its own, may grant the window asked for (kWindowsizeWish).
  if (config_.sliding && direction() == Direction::write && request_.windowsize && *config_.windowsize > *request_.windowsize)
    request_.windowsize_wish = *config_.windowsize;
  // Tell a udplab server how much our socket takes, so that it need not assume a default buffer.
  if (direction() == Direction::read && config_.window_budget > 0) request_.window_bytes = config_.window_budget;
  if (direction() == Direction::write && config_.tsize) {
    if (config_.mode == Mode::netascii) {
      auto size = netascii_size(*source_);
      if (!size) {
        Refusal r = refusal_for(size.error(), "cannot read the file");
        return fail(now, Failure{.kind = FailureKind::local_error, .message = r.message}, false);
      }
      request_.write_size = *size;
    } else {
      request_.write_size = source_->size();
    }
    total_ = request_.write_size;
  }
  options_sent_ = config_.blksize || config_.windowsize || config_.timeout_s || config_.tsize;
  send_request(now);
}

std::optional<std::uint32_t> Client::asked_windowsize() const {
  if (!config_.windowsize) return std::nullopt;
  return fit_window(*config_.windowsize, config_.blksize.value_or(kDefaultBlksize), config_.window_budget);
}

void Client::send_request(Time now) {
  Options options;
  if (options_sent_ && !stats_.options_dropped) {
    auto built = build_request_options(request_);
    if (!built)
      return fail(now, Failure{.kind = FailureKind::local_error, .message = built.error().message()}, false);
    options = std::move(*built);
  }
  std::error_code ec;
  if (direction() == Direction::read)
    ec = encode(Rrq{config_.remote, config_.mode, std::move(options)}, control_buffer());
  else
    ec = encode(Wrq{config_.remote, config_.mode, std::move(options)}, control_buffer());
  if (ec) return fail(now, Failure{.kind = FailureKind::local_error, .message = ec.message()}, false);
  send_control(now, config_.server, direction() == Direction::read ? "the read request" : "the write request");
}

void Client::on_datagram(Time now, const transport::Datagram& d) {
  if (phase_ == Phase::finished || phase_ == Phase::idle) return;
  if (peer_ && d.from != *peer_) return reject_stray(now, d, "datagram from another transfer ID");
  if (!peer_ && d.from.address.unmapped() != config_.server.address.unmapped())
    return reject_stray(now, d, "datagram from an address other than the server's");
  auto packet = decode(d.payload);
  if (!packet) {
    if (!peer_) {  // not the transfer yet: ignore rather than let garbage end it
      ++stats_.stray;
      if (out_.events_enabled()) out_.emit(event::Stray{d.from, "malformed: " + packet.error().message(), now});
      return;
    }
    return fail_protocol(now, reply_code_for(packet.error()), "Illegal TFTP operation: " + packet.error().message());
  }
  if (!peer_) return on_first_reply(now, d.from, *packet);
  handle_peer_packet(now, *packet);
}

void Client::on_error(Time now, std::error_code ec, const net::Endpoint& about) {
  if (phase_ != Phase::negotiating || peer_ || ec != std::errc::connection_refused) return on_error(now, ec);
  if (about.port != config_.server.port || about.address.unmapped() != config_.server.address.unmapped())
    return on_error(now, ec);
  fail(now, Failure{.kind = FailureKind::unreachable,
                    .message = "connection refused: nothing listens at " + config_.server.to_string()},
       false);
}

void Client::on_first_reply(Time now, const net::Endpoint& from, const Packet& packet) {
  const bool get = direction() == Direction::read;
  if (const auto* oack = std::get_if<Oack>(&packet)) {
    ClientRequest asked = request_;
    if (stats_.options_dropped || !options_sent_) asked = ClientRequest{.direction = direction()};
    auto params = accept_oack(asked, oack->options);
    if (!params) {
      peer_ = from;
      return fail_protocol(now, reply_code_for(params.error()), "server's OACK refused: " + params.error().message());
    }
    return accept_reply(now, from, *params, true);
  }
  if (const auto* data = std::get_if<Data>(&packet); data && get && data->block == 1) {
    accept_reply(now, from, params_without_oack(request_), false);
    if (phase_ == Phase::receiving) handle_peer_packet(now, packet);
    return;
  }
  if (const auto* ack = std::get_if<Ack>(&packet); ack && !get && ack->block == 0)
    return accept_reply(now, from, params_without_oack(request_), false);
  if (const auto* error = std::get_if<Error>(&packet)) {
    if (options_sent_ && !stats_.options_dropped && retry_without_options(error->code)) {
      // RFC 2347: a server that does not take options may refuse the request; ask plainly.
      stats_.options_dropped = true;
      return send_request(now);
    }
    peer_ = from;
    return fail_peer_error(now, *error);
  }
  ++stats_.stray;
  if (out_.events_enabled())
    out_.emit(event::Stray{from, "unexpected " + std::string(to_string(opcode_of(packet))) + " before the transfer", now});
}

void Client::accept_reply(Time now, const net::Endpoint& from, const TransferParams& params, bool oack) {
  peer_ = from;
  heard_from_peer_ = true;
  set_params(now, params, oack);
  if (direction() == Direction::read) {
    // After an OACK we acknowledge it with ACK 0; after DATA 1 the caller hands that block on.
    begin_receiving(now, *sink_, std::nullopt, oack);
  } else {
    begin_sending(now, *source_);
  }
}

}  // namespace udplab::tftp
