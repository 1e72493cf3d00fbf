// BlockSender: the DATA side of a transfer (a client's upload, a server's download), with RFC 7440
// windows. Pure bookkeeping: it reads the file and builds DATA packets, the engine sends them.
//
// The window is [last_acked + 1, last_acked + windowsize]. Every block in it is kept, built, in a
// ring of windowsize buffers allocated once, so retransmitting a window reads nothing and no block
// allocates. An ACK that moves last_acked forward starts the next window right after it, which
// also resends blocks the receiver skipped after a gap (RFC 7440 section 4). An ACK that does not
// move it is a duplicate and changes nothing: answering it with DATA is the Sorcerer's Apprentice
// bug (RFC 1123 section 4.2.3.1).
//
// Sliding windows (kSliding): the window still spans windowsize blocks from last_acked + 1, but an
// ACK on the receiver's schedule (a multiple of sliding_ack_interval) only moves it: what is in
// flight stays in flight and just the blocks that entered the window go out. Any other ACK (a gap,
// the receiver's timeout) resends from the block after it. So does the first repeat of an ACK,
// since a gap right after a scheduled ACK repeats it; later repeats of it change nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include "tftp/file_store.hpp"
#include "tftp/netascii.hpp"
#include "tftp/packet.hpp"

namespace udplab::tftp {

class BlockSender {
 public:
  enum class AckResult { advanced, complete, duplicate, stale };

  void start(ReadFile& file, Mode mode, std::uint32_t blksize, std::uint32_t windowsize, bool sliding = false);

  // Builds the blocks of the current window that are not built yet (reading the file).
  std::error_code fill_window();
  // The window's DATA packets from index `from` to its end, in order.
  template <class Send>
  void for_each_from(std::uint64_t from, Send&& send) const {
    for (std::uint64_t i = from; i <= last_built_; ++i) send(i, slot(i));
  }
  AckResult on_ack(std::uint16_t wire_block);
  // After an ACK that advanced (with blocks up to `sent_up_to` sent): the first block to send now.
  // Blocks up to sent_up_to that it includes are retransmissions.
  std::uint64_t send_from(std::uint64_t sent_up_to) const;
  // After a duplicate ACK: where a sliding sender resends from, if it does.
  std::optional<std::uint64_t> resend_after_repeat(std::uint64_t sent_up_to);

  std::uint64_t last_acked() const { return last_acked_; }
  std::uint64_t last_built() const { return last_built_; }
  bool complete() const { return final_ && last_acked_ == *final_; }
  std::uint64_t bytes_acked() const { return bytes_acked_; }
  std::uint64_t file_bytes() const { return file_bytes_; }

 private:
  const std::vector<std::byte>& slot(std::uint64_t index) const { return ring_[index % ring_.size()]; }
  std::vector<std::byte>& slot(std::uint64_t index) { return ring_[index % ring_.size()]; }
  std::error_code build(std::uint64_t index);
  std::expected<std::size_t, std::error_code> fill_netascii(std::span<std::byte> out);

  ReadFile* file_ = nullptr;
  Mode mode_ = Mode::octet;
  std::uint32_t blksize_ = 512;
  std::uint32_t ack_interval_ = 0;  // sliding: sliding_ack_interval; 0: RFC 7440
  std::optional<std::uint64_t> resent_after_;  // sliding: the last ACK we resent after
  std::vector<std::vector<std::byte>> ring_;
  std::uint64_t last_acked_ = 0;
  std::uint64_t last_built_ = 0;
  std::optional<std::uint64_t> final_;  // index of the short (possibly empty) last block
  std::uint64_t bytes_acked_ = 0;
  std::uint64_t file_bytes_ = 0;
  // netascii: file bytes read but not yet encoded, and the encoder's held byte.
  netascii::Encoder encoder_;
  std::vector<std::byte> raw_;
  std::size_t raw_pos_ = 0;
  std::size_t raw_len_ = 0;
  bool eof_ = false;
};

}  // namespace udplab::tftp
