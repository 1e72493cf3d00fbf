#include "tftp/block_receiver.hpp"

#include "tftp/block.hpp"

namespace udplab::tftp {

std::optional<WriteLimit> tighter_limit(std::optional<std::uint64_t> max_size, std::optional<std::uint64_t> free_space) {
  if (free_space && (!max_size || *free_space < *max_size)) return WriteLimit{*free_space, std::errc::no_space_on_device};
  if (max_size) return WriteLimit{*max_size, std::errc::file_too_large};
  return std::nullopt;
}

void BlockReceiver::start(WriteFile& file, Mode mode, std::uint32_t blksize, std::uint32_t windowsize,
                          std::optional<WriteLimit> limit, bool sliding) {
  file_ = &file;
  mode_ = mode;
  blksize_ = blksize;
  windowsize_ = windowsize == 0 ? 1 : windowsize;
  ack_interval_ = sliding && windowsize_ >= 2 ? sliding_ack_interval(windowsize_) : 0;
  limit_ = limit;
  expected_ = 1;
  since_ack_ = 0;
  gap_acked_ = complete_ = false;
  pending_ = {};
  bytes_ = file_bytes_ = 0;
  decoder_ = {};
  decoded_.clear();
  if (mode == Mode::netascii) decoded_.reserve(blksize);
}

std::uint16_t BlockReceiver::last_in_order_wire() const { return wire_block(expected_ - 1); }

std::error_code BlockReceiver::write(std::span<const std::byte> payload) {
  std::span<const std::byte> local = payload;
  if (mode_ == Mode::netascii) {
    decoded_.clear();
    decoder_.decode(payload, decoded_);
    local = decoded_;
  }
  if (limit_ && file_bytes_ + local.size() > limit_->bytes) return std::make_error_code(limit_->beyond);
  if (!local.empty())
    if (auto ec = file_->write(local)) return ec;
  file_bytes_ += local.size();
  return {};
}

BlockReceiver::Outcome BlockReceiver::on_data(const Data& data) {
  using Kind = Outcome::Kind;
  if (complete_) {
    // Dallying: the sender repeats the last block because our final ACK was lost.
    if (data.block == last_in_order_wire()) return {Kind::duplicate, data.block, {}};
    return {Kind::duplicate, std::nullopt, {}};
  }
  switch (classify_data(data.block, expected_, windowsize_)) {
    case Arrival::behind: {
      const bool latest = ack_interval_ == 0 && expected_ > 1 && data.block == last_in_order_wire();
      return {Kind::duplicate, latest ? std::optional<std::uint16_t>(data.block) : std::nullopt, {}};
    }
    case Arrival::ahead: {
      if (gap_acked_) return {Kind::gap, std::nullopt, {}};
      gap_acked_ = true;
      since_ack_ = 0;
      return {Kind::gap, last_in_order_wire(), {}};
    }
    case Arrival::expected: break;
  }
  if (data.payload.size() > blksize_) return {Kind::oversize, std::nullopt, {}};
  const bool last = data.payload.size() < blksize_;
  const bool ack_now = last || (ack_interval_ != 0 ? expected_ % ack_interval_ == 0 : since_ack_ + 1 >= windowsize_);
  // Written after its ACK has gone out, where the owner allows it and the bytes go to the file as
  // they are; the last block is written (and committed) before its ACK, which says it is saved.
  if (defer_writes_ && ack_now && !last && mode_ == Mode::octet && !data.payload.empty()) {
    if (limit_ && file_bytes_ + data.payload.size() > limit_->bytes)
      return {Kind::write_failed, std::nullopt, std::make_error_code(limit_->beyond)};
    pending_ = data.payload;
  } else if (auto ec = write(data.payload)) {
    return {Kind::write_failed, std::nullopt, ec};
  }
  bytes_ += data.payload.size();
  ++expected_;
  gap_acked_ = false;
  if (last) {
    complete_ = true;
    since_ack_ = 0;
    return {Kind::last, data.block, {}};
  }
  if (ack_now) {
    since_ack_ = 0;
    return {Kind::in_order, data.block, {}};
  }
  ++since_ack_;
  return {Kind::in_order, std::nullopt, {}};
}

std::error_code BlockReceiver::write_pending() {
  if (pending_.empty()) return {};
  const std::span<const std::byte> block = pending_;
  pending_ = {};
  return write(block);
}

std::error_code BlockReceiver::finish() {
  if (mode_ == Mode::netascii) {
    decoded_.clear();
    decoder_.finish(decoded_);
    if (!decoded_.empty()) {
      if (auto ec = file_->write(decoded_)) return ec;
      file_bytes_ += decoded_.size();
    }
  }
  return file_->commit();
}

}  // namespace udplab::tftp
