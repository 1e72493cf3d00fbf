// BlockReceiver: the receiving side of a transfer (a client's download, a server's upload), with
// RFC 7440 windows. Pure bookkeeping: it writes DATA in order to the file and says when to ACK.
//
//   expected block      written; ACK when the window is full or the block is the last one.
//                       With deferred writes on, a block that is ACKed (and is not the last) is
//                       written only by write_pending(), which the owner calls once the ACK is on
//                       the wire: the sender's next block is then on its way while this one is
//                       written (tftpd-hpa's "write behind"). The block's bytes stay where the
//                       datagram put them, so the owner must call write_pending() before that
//                       datagram's buffer goes away (transport::Driver does: after_transmit).
//   ahead (a gap)       discarded; ACK the last block received in order, once per gap, so that
//                       the sender restarts its window there (RFC 7440 section 4)
//   behind (duplicate)  discarded; if it repeats the latest block, ACK it again: the sender did
//                       not hear our ACK (in lock-step this is RFC 1350's answer to a lost ACK,
//                       and it cannot grow into the Sorcerer's Apprentice since our senders never
//                       answer duplicate ACKs)
//
// Sliding windows (kSliding): ACK at every multiple of sliding_ack_interval and at the last block;
// a gap is ACKed as above; a duplicate is not answered (except the last block's, once complete): a
// sliding sender resends only after a gap or a timeout, and answering the copies it resends would
// make it resend again. An ACK lost on the way is covered by the next one, or by our timer.
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

// The most a receiver writes to its file, and what writing more is: file_too_large beyond a size
// the configuration allows (--max-upload), no_space_on_device beyond the room left on the disk.
struct WriteLimit {
  std::uint64_t bytes = 0;
  std::errc beyond = std::errc::file_too_large;
};

// The tighter of a configured size limit and the room left (either may be unknown).
std::optional<WriteLimit> tighter_limit(std::optional<std::uint64_t> max_size, std::optional<std::uint64_t> free_space);

class BlockReceiver {
 public:
  struct Outcome {
    enum class Kind { in_order, last, gap, duplicate, oversize, write_failed } kind = Kind::in_order;
    std::optional<std::uint16_t> ack;  // send ACK with this block number
    std::error_code error;             // write_failed
  };

  void start(WriteFile& file, Mode mode, std::uint32_t blksize, std::uint32_t windowsize,
             std::optional<WriteLimit> limit = std::nullopt, bool sliding = false);
  Outcome on_data(const Data& data);

  // The index expected next (1 before any DATA); after the last block, one past it.
  std::uint64_t expected() const { return expected_; }
  std::uint16_t last_in_order_wire() const;
  bool complete() const { return complete_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t file_bytes() const { return file_bytes_; }
  // Our timer ran out: ACK the last block received in order, from which the sender restarts.
  std::uint16_t timeout_ack() {
    since_ack_ = 0;
    gap_acked_ = false;
    return last_in_order_wire();
  }
  // For the last block: flushes netascii and commits the file.
  std::error_code finish();
  void set_deferred_writes(bool on) { defer_writes_ = on; }
  // Writes the block on_data() left pending, if any; drop_pending() forgets it (the transfer failed).
  std::error_code write_pending();
  void drop_pending() { pending_ = {}; }

 private:
  std::error_code write(std::span<const std::byte> payload);

  WriteFile* file_ = nullptr;
  Mode mode_ = Mode::octet;
  std::uint32_t blksize_ = 512;
  std::uint32_t windowsize_ = 1;
  std::uint32_t ack_interval_ = 0;  // sliding: sliding_ack_interval; 0: RFC 7440
  std::optional<WriteLimit> limit_;
  std::uint64_t expected_ = 1;
  std::uint32_t since_ack_ = 0;
  bool gap_acked_ = false;
  bool complete_ = false;
  std::uint64_t bytes_ = 0;
  std::uint64_t file_bytes_ = 0;
  bool defer_writes_ = false;
  std::span<const std::byte> pending_;  // an ACKed block not yet written (see above)
  netascii::Decoder decoder_;
  std::vector<std::byte> decoded_;  // reused netascii output buffer
};

}  // namespace udplab::tftp
