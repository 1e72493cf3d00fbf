#include "tftp/transfer.hpp"

#include <algorithm>

#include "text/printable.hpp"
#include "tftp/block.hpp"

namespace udplab::tftp {
namespace {

// An ERROR's message may fill a whole datagram; a report line shows this much of it.
constexpr std::size_t kMaxPeerMessage = 200;

}  // namespace

Duration Transfer::base_timeout() const {
  if (stats_.params.timeout_s) return std::chrono::seconds(*stats_.params.timeout_s);
  return timing_.timeout;
}

void Transfer::arm(Time now) {
  attempt_ = 0;
  wait_ = base_timeout();
  deadline_ = now + wait_;
}

void Transfer::back_off(Time now) {
  ++attempt_;
  wait_ = std::min(wait_ * 2, std::max(timing_.max_timeout, base_timeout()));
  deadline_ = now + wait_;
}

std::optional<Time> Transfer::next_deadline() const {
  if (phase_ == Phase::finished || phase_ == Phase::idle) return std::nullopt;
  return deadline_;
}

void Transfer::send_control(Time now, const net::Endpoint& to, std::string what) {
  control_to_ = to;
  control_what_ = std::move(what);
  out_.send(to, control_);
  arm(now);
}

void Transfer::send_ack(std::uint16_t block) {
  encode(Ack{block}, scratch_);
  out_.send(*peer_, scratch_);
}

void Transfer::send_error(const net::Endpoint& to, ErrorCode code, std::string_view message) {
  std::string text(message.substr(0, kMaxErrorMessageLength));
  std::replace(text.begin(), text.end(), '\0', ' ');
  if (!encode(Error{code, text}, scratch_)) out_.send(to, scratch_);
}

void Transfer::set_params(Time now, const TransferParams& params, bool oack) {
  stats_.params = params;
  stats_.oack = oack;
  if (params.tsize) total_ = params.tsize;
  if (out_.events_enabled()) out_.emit(event::Negotiated{params, oack, now});
}

void Transfer::begin_sending(Time now, ReadFile& file) {
  phase_ = Phase::sending;
  clear_control();
  sending_ = true;
  sender_.start(file, mode_, stats_.params.blksize, stats_.params.windowsize, stats_.params.sliding);
  send_window(now, 1, 0);
  if (phase_ == Phase::sending) arm(now);
}

void Transfer::begin_receiving(Time now, WriteFile& file, std::optional<WriteLimit> limit, bool ack0) {
  phase_ = Phase::receiving;
  receiving_ = true;
  sink_ = &file;
  receiver_.start(file, mode_, stats_.params.blksize, stats_.params.windowsize, limit, stats_.params.sliding);
  receiver_.set_deferred_writes(defer_writes_);
  if (ack0) {
    clear_control();
    send_ack(0);
  }
  arm(now);
}

// Sends the window's blocks from `from` on (filling it from the file first); those up to
// `resend_up_to` had been sent before and count as retransmissions.
void Transfer::send_window(Time now, std::uint64_t from, std::uint64_t resend_up_to) {
  if (auto ec = sender_.fill_window()) {
    Refusal r = refusal_for(ec, "cannot read the file");
    fail(now, Failure{.kind = FailureKind::local_error, .block = sender_.last_acked() + 1, .sent_code = r.code,
                      .message = r.message});
    return;
  }
  sender_.for_each_from(from, [&](std::uint64_t index, const std::vector<std::byte>& packet) {
    if (index <= resend_up_to) ++stats_.retransmissions;
    out_.send(*peer_, packet);
  });
}

void Transfer::handle_peer_packet(Time now, const Packet& packet) {
  if (const auto* data = std::get_if<Data>(&packet)) {
    if (phase_ == Phase::receiving || phase_ == Phase::dallying) return handle_data(now, *data);
    return fail_protocol(now, ErrorCode::illegal_operation, "Illegal TFTP operation: DATA sent to the sender");
  }
  if (const auto* ack = std::get_if<Ack>(&packet)) {
    if (phase_ == Phase::sending) return handle_ack(now, *ack);
    if (phase_ == Phase::dallying) return;  // a late copy of something: the transfer is over
    return fail_protocol(now, ErrorCode::illegal_operation, "Illegal TFTP operation: ACK sent to the receiver");
  }
  if (const auto* error = std::get_if<Error>(&packet)) return fail_peer_error(now, *error);
  if (std::holds_alternative<Oack>(packet) && client_) {
    // The server repeated its OACK: our ACK 0 (download) or first DATA (upload) was lost or late.
    ++stats_.duplicates;
    if (phase_ == Phase::receiving && receiver_.expected() == 1) {
      ++stats_.retransmissions;
      send_ack(0);
    }
    return;
  }
  fail_protocol(now, ErrorCode::illegal_operation,
                "Illegal TFTP operation: unexpected " + std::string(to_string(opcode_of(packet))));
}

void Transfer::handle_data(Time now, const Data& data) {
  using Kind = BlockReceiver::Outcome::Kind;
  auto o = receiver_.on_data(data);
  switch (o.kind) {
    case Kind::in_order:
      clear_control();
      if (o.ack) send_ack(*o.ack);
      stats_.bytes = receiver_.bytes();
      ++stats_.blocks;
      progress(now);
      arm(now);
      return;
    case Kind::last: {
      clear_control();
      stats_.bytes = receiver_.bytes();
      ++stats_.blocks;
      if (auto ec = receiver_.finish()) {
        Refusal r = refusal_for(ec, "cannot save the file");
        fail(now, Failure{.kind = FailureKind::local_error, .block = receiver_.expected() - 1, .sent_code = r.code,
                          .message = r.message});
        return;
      }
      send_ack(*o.ack);
      complete(now);
      phase_ = Phase::dallying;
      deadline_ = now + timing_.dally.value_or(2 * base_timeout());
      return;
    }
    case Kind::gap:
      ++stats_.out_of_order;
      if (o.ack) send_ack(*o.ack);
      return;
    case Kind::duplicate:
      ++stats_.duplicates;
      if (o.ack) {
        ++stats_.retransmissions;
        send_ack(*o.ack);
      }
      return;
    case Kind::oversize:
      return fail_protocol(now, ErrorCode::illegal_operation,
                           "Illegal TFTP operation: DATA larger than the block size " +
                               std::to_string(stats_.params.blksize));
    case Kind::write_failed: {
      Refusal r = refusal_for(o.error, "cannot write the file");
      fail(now, Failure{.kind = FailureKind::local_error, .block = receiver_.expected(), .sent_code = r.code,
                        .message = r.message});
      return;
    }
  }
}

void Transfer::handle_ack(Time now, const Ack& ack) {
  const std::uint64_t sent_up_to = sender_.last_built();
  switch (sender_.on_ack(ack.block)) {
    case BlockSender::AckResult::duplicate:
      ++stats_.duplicates;
      if (timing_.answer_duplicate_acks) {
        // The Sorcerer's Apprentice, on purpose: the repeated ACK is taken for news and the
        // window after it goes out again (counted as retransmitted DATA).
        send_window(now, sender_.last_acked() + 1, sent_up_to);
      } else if (auto from = sender_.resend_after_repeat(sent_up_to)) {
        send_window(now, *from, sent_up_to);  // sliding: a gap right after a scheduled ACK
      }
      return;
    case BlockSender::AckResult::stale:
      // Never answered with DATA: that is the Sorcerer's Apprentice.
      ++stats_.duplicates;
      return;
    case BlockSender::AckResult::complete:
      stats_.bytes = sender_.bytes_acked();
      stats_.blocks = sender_.last_acked();
      complete(now);
      phase_ = Phase::finished;
      return;
    case BlockSender::AckResult::advanced:
      stats_.bytes = sender_.bytes_acked();
      stats_.blocks = sender_.last_acked();
      progress(now);
      send_window(now, sender_.send_from(sent_up_to), sent_up_to);
      if (phase_ == Phase::sending) arm(now);
      return;
  }
}

void Transfer::after_transmit(Time now) {
  if (auto ec = receiver_.write_pending()) {
    Refusal r = refusal_for(ec, "cannot write the file");
    fail(now, Failure{.kind = FailureKind::local_error, .block = receiver_.expected() - 1, .sent_code = r.code,
                      .message = r.message});
  }
}

void Transfer::on_timer(Time now) {
  if (phase_ == Phase::finished || phase_ == Phase::idle || !deadline_ || now < *deadline_) return;
  if (phase_ == Phase::dallying) {
    phase_ = Phase::finished;
    deadline_.reset();
    return;
  }
  if (attempt_ >= timing_.retries) return fail_timeout(now);
  const std::uint32_t attempt = attempt_ + 1;
  std::uint64_t block = 0;
  if (!control_.empty() && (phase_ == Phase::negotiating || (phase_ == Phase::receiving && receiver_.expected() == 1))) {
    out_.send(control_to_, control_);
    ++stats_.retransmissions;
  } else if (phase_ == Phase::sending) {
    block = sender_.last_acked() + 1;
    send_window(now, block, sender_.last_built());
    if (phase_ != Phase::sending) return;  // reading the file failed
  } else if (phase_ == Phase::receiving) {
    block = receiver_.expected();
    send_ack(receiver_.timeout_ack());
    ++stats_.retransmissions;
  }
  if (out_.events_enabled()) out_.emit(event::Retransmitted{block, attempt, now});
  back_off(now);
}

std::uint64_t Transfer::stalled_block() const {
  if (phase_ == Phase::sending) return sender_.last_acked() + 1;
  if (phase_ == Phase::receiving) return receiver_.expected();
  return 0;
}

void Transfer::fail_timeout(Time now) {
  const std::uint64_t block = stalled_block();
  std::string what;
  if (phase_ == Phase::negotiating) what = "no answer to " + control_what_;
  else if (phase_ == Phase::sending) what = "no ACK for block " + std::to_string(block);
  else if (!control_.empty() && block == 1) what = "no answer to " + control_what_;
  else what = "block " + std::to_string(block) + " never came";
  what += " after " + std::to_string(timing_.retries) + " retransmissions";
  // No ERROR: a silent peer would not hear it, and a peer that is only slow will time out too.
  fail(now, Failure{.kind = FailureKind::timeout, .block = block, .message = "timed out: " + what}, false);
}

void Transfer::fail_peer_error(Time now, const Error& error) {
  Failure f{.kind = FailureKind::peer_error, .block = stalled_block(), .peer_code = error.code,
            .peer_message = text::printable(error.message, kMaxPeerMessage)};
  f.message = "ERROR " + std::to_string(static_cast<unsigned>(error.code)) + ": " +
              (f.peer_message.empty() ? std::string(standard_message(error.code)) : f.peer_message);
  fail(now, std::move(f), false);
}

void Transfer::fail_protocol(Time now, ErrorCode code, std::string message) {
  fail(now, Failure{.kind = FailureKind::protocol_error, .block = stalled_block(), .sent_code = code,
                    .message = std::move(message)});
}

void Transfer::fail(Time now, Failure failure, bool reply) {
  if (phase_ == Phase::finished) return;
  receiver_.drop_pending();
  if (reply && peer_ && failure.sent_code) send_error(*peer_, *failure.sent_code, failure.message);
  if (!reply) failure.sent_code.reset();
  if (failure.block == 0) failure.block = stalled_block();
  phase_ = Phase::finished;
  deadline_.reset();
  clear_control();
  stats_.duration = now - started_;
  update_file_bytes();
  failure_ = failure;
  if (sink_) sink_->discard();  // a failed download or upload leaves nothing behind
  out_.emit(event::Failed{std::move(failure), stats_, now});
}

void Transfer::complete(Time now) {
  succeeded_ = true;
  stats_.duration = now - started_;
  update_file_bytes();
  progress(now, true);
  out_.emit(event::Done{stats_, now});
}

void Transfer::update_file_bytes() {
  if (receiving_) stats_.file_bytes = receiver_.file_bytes();
  if (sending_) stats_.file_bytes = sender_.file_bytes();
}

void Transfer::progress(Time now, bool force) {
  if (!out_.events_enabled()) return;
  if (!force && timing_.progress_interval > Duration::zero() && now - last_progress_ < timing_.progress_interval) return;
  last_progress_ = now;
  out_.emit(event::Progress{stats_.bytes, stats_.blocks, total_, now});
}

void Transfer::reject_stray(Time now, const transport::Datagram& d, std::string what) {
  ++stats_.stray;
  if (peek_opcode(d.payload) != Opcode::error) send_error(d.from, ErrorCode::unknown_transfer_id, "Unknown transfer ID");
  if (out_.events_enabled()) out_.emit(event::Stray{d.from, std::move(what), now});
}

void Transfer::on_error(Time, std::error_code) {
  // A failed send (no buffer, unreachable for a moment) is a lost datagram: the timer recovers.
}

void Transfer::stop(Time now, std::string_view why) {
  if (phase_ == Phase::finished) return;
  if (phase_ == Phase::dallying) {
    phase_ = Phase::finished;
    return;
  }
  fail(now, Failure{.kind = FailureKind::cancelled, .block = stalled_block(), .sent_code = ErrorCode::not_defined,
                    .message = std::string(why)});
}

}  // namespace udplab::tftp
