#include "tftp/block_sender.hpp"

#include <algorithm>

#include "tftp/block.hpp"

namespace udplab::tftp {

void BlockSender::start(ReadFile& file, Mode mode, std::uint32_t blksize, std::uint32_t windowsize, bool sliding) {
  file_ = &file;
  mode_ = mode;
  blksize_ = blksize;
  ring_.assign(windowsize == 0 ? 1 : windowsize, {});
  ack_interval_ = sliding && ring_.size() >= 2 ? sliding_ack_interval(static_cast<std::uint32_t>(ring_.size())) : 0;
  resent_after_.reset();
  last_acked_ = last_built_ = 0;
  final_.reset();
  bytes_acked_ = file_bytes_ = 0;
  encoder_ = {};
  raw_.clear();
  raw_pos_ = raw_len_ = 0;
  eof_ = false;
}

std::error_code BlockSender::fill_window() {
  const std::uint64_t end = last_acked_ + ring_.size();
  while (last_built_ < end && !(final_ && last_built_ == *final_))
    if (auto ec = build(last_built_ + 1)) return ec;
  return {};
}

std::error_code BlockSender::build(std::uint64_t index) {
  std::vector<std::byte>& packet = slot(index);
  if (packet.capacity() < kHeaderSize + blksize_) packet.reserve(kHeaderSize + blksize_);  // once per slot
  write_data_header(wire_block(index), packet);
  packet.resize(kHeaderSize + blksize_);
  std::span<std::byte> payload(packet.data() + kHeaderSize, blksize_);
  std::expected<std::size_t, std::error_code> n;
  if (mode_ == Mode::netascii) {
    n = fill_netascii(payload);
  } else {
    n = file_->read(payload);
    if (n) file_bytes_ += *n;
  }
  if (!n) {
    packet.clear();
    return n.error();
  }
  packet.resize(kHeaderSize + *n);
  last_built_ = index;
  if (*n < blksize_) final_ = index;  // short or empty: the last block (RFC 1350 section 6)
  return {};
}

std::expected<std::size_t, std::error_code> BlockSender::fill_netascii(std::span<std::byte> out) {
  if (raw_.size() != blksize_) raw_.resize(blksize_);
  std::size_t produced = 0;
  while (produced < out.size()) {
    if (raw_pos_ == raw_len_ && !eof_) {
      auto n = file_->read(raw_);
      if (!n) return std::unexpected(n.error());
      file_bytes_ += *n;
      raw_pos_ = 0;
      raw_len_ = *n;
      eof_ = *n < raw_.size();
    }
    auto p = encoder_.encode(std::span<const std::byte>(raw_.data() + raw_pos_, raw_len_ - raw_pos_),
                             out.subspan(produced));
    raw_pos_ += p.consumed;
    produced += p.produced;
    if (raw_pos_ == raw_len_ && eof_ && !encoder_.pending()) break;  // everything is out
  }
  return produced;
}

BlockSender::AckResult BlockSender::on_ack(std::uint16_t wire) {
  auto index = acked_index(wire, last_acked_, last_built_);
  if (!index) return AckResult::stale;
  if (*index == last_acked_) return AckResult::duplicate;
  for (std::uint64_t i = last_acked_ + 1; i <= *index; ++i) bytes_acked_ += slot(i).size() - kHeaderSize;
  last_acked_ = *index;
  return complete() ? AckResult::complete : AckResult::advanced;
}

std::uint64_t BlockSender::send_from(std::uint64_t sent_up_to) const {
  if (ack_interval_ == 0 || last_acked_ % ack_interval_ != 0) return last_acked_ + 1;
  return std::max(sent_up_to, last_acked_) + 1;
}

std::optional<std::uint64_t> BlockSender::resend_after_repeat(std::uint64_t sent_up_to) {
  if (ack_interval_ == 0 || last_acked_ >= sent_up_to || resent_after_ == last_acked_) return std::nullopt;
  resent_after_ = last_acked_;
  return last_acked_ + 1;
}

}  // namespace udplab::tftp
