// Transfer: what the client engine and the server's session engine share once a transfer runs —
// the peer's transfer ID, the DATA/ACK exchange (BlockSender, BlockReceiver), retransmission with
// exponential backoff and a retry limit, the dally after the final ACK, counters and events.
// See transport/engine.hpp for the engine contract; Client and ServerSession add how a transfer
// starts (request, OACK) and are the engines to use.
//
// Rules every transfer follows:
//   - A datagram from any endpoint but the peer's transfer ID is answered with ERROR 5 and
//     changes nothing else (RFC 1350 section 4).
//   - A packet is retransmitted when its timer runs out: after `timeout`, then twice as long
//     each time up to `max_timeout`; after `retries` retransmissions the transfer fails with the
//     block it stalled at. DATA is never sent in answer to a duplicate ACK, except once per ACK
//     number with sliding windows (see BlockSender), whose receivers never answer duplicates.
//   - An ERROR from the peer ends the transfer without a reply; anything else that ends it sends
//     one ERROR to the peer first.
//   - The receiver of the last DATA sends the final ACK, reports Done, then dallies (stays
//     `dally` to repeat that ACK if the last DATA comes again) before finished() turns true.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tftp/block_receiver.hpp"
#include "tftp/block_sender.hpp"
#include "tftp/transfer_events.hpp"
#include "transport/engine.hpp"

namespace udplab::tftp {

class Transfer : public transport::EngineOutputs<Event> {
 public:
  using Event = tftp::Event;

  void on_error(Time now, std::error_code ec);
  void on_timer(Time now);
  std::optional<Time> next_deadline() const;
  // True once the transfer is over: done (after dallying) or failed.
  bool finished() const { return phase_ == Phase::finished; }
  // The last block was delivered and acknowledged (true from the Done event on).
  bool succeeded() const { return succeeded_; }
  const std::optional<Failure>& failure() const { return failure_; }
  const TransferStats& stats() const { return stats_; }
  std::optional<net::Endpoint> peer() const { return peer_; }
  // Something valid came from the peer's transfer ID (so a repeated request is a new transfer).
  bool heard_from_peer() const { return heard_from_peer_; }
  // Ends the transfer now (Ctrl-C, server shutdown): sends ERROR 0 with `why` to the peer.
  void stop(Time now, std::string_view why = "Transfer cancelled");
  // Receiving: ACK a block before writing it, and write it in after_transmit(), which the owner
  // promises to call after every input once its datagrams are sent, while the input's datagram is
  // still alive (transport::Driver does). Call before start().
  void defer_writes_until_sent() { defer_writes_ = true; }
  // Writes the block acknowledged last, if deferred; a write error fails the transfer (ERROR 3).
  void after_transmit(Time now);

 protected:
  enum class Phase { idle, negotiating, sending, receiving, dallying, finished };

  Transfer(Timing timing, Mode mode, bool client) : timing_(timing), mode_(mode), client_(client) {}

  // Sends a request or OACK, retransmitted on timeout until the peer answers.
  void send_control(Time now, const net::Endpoint& to, std::string what);
  std::vector<std::byte>& control_buffer() { return control_; }
  void clear_control() { control_.clear(); }

  void set_params(Time now, const TransferParams& params, bool oack);
  void begin_sending(Time now, ReadFile& file);
  // `ack0`: send ACK 0 first (RRQ after an OACK, WRQ without one); otherwise the OACK in
  // control_ stands for it and is what a timeout repeats.
  void begin_receiving(Time now, WriteFile& file, std::optional<WriteLimit> limit, bool ack0);

  // A packet from the peer's TID once the transfer runs.
  void handle_peer_packet(Time now, const Packet& packet);
  // A datagram from another TID: ERROR 5 to it, counted, nothing else. An ERROR is not answered:
  // two transfers answering each other's ERROR 5 would never stop.
  void reject_stray(Time now, const transport::Datagram& d, std::string what);
  void send_error(const net::Endpoint& to, ErrorCode code, std::string_view message);
  // Ends the transfer; `reply` is sent to the peer first.
  void fail(Time now, Failure failure, bool reply = true);
  void fail_peer_error(Time now, const Error& error);
  void fail_protocol(Time now, ErrorCode code, std::string message);

  Phase phase_ = Phase::idle;
  std::optional<net::Endpoint> peer_;
  TransferStats stats_;
  Timing timing_;
  Mode mode_;
  Time started_{};
  std::optional<std::uint64_t> total_;  // tsize, for progress
  bool heard_from_peer_ = false;

 private:
  void handle_data(Time now, const Data& data);
  void handle_ack(Time now, const Ack& ack);
  void send_window(Time now, std::uint64_t from, std::uint64_t resend_up_to);
  void send_ack(std::uint16_t block);
  void arm(Time now);
  void back_off(Time now);
  Duration base_timeout() const;
  void progress(Time now, bool force = false);
  void complete(Time now);
  void update_file_bytes();
  void fail_timeout(Time now);
  std::uint64_t stalled_block() const;

  const bool client_;
  bool sending_ = false;
  bool receiving_ = false;
  WriteFile* sink_ = nullptr;
  bool defer_writes_ = false;
  BlockSender sender_;
  BlockReceiver receiver_;
  std::vector<std::byte> control_;  // request or OACK awaiting its answer
  net::Endpoint control_to_;
  std::string control_what_;
  std::vector<std::byte> scratch_;  // ACK and ERROR packets are built here
  std::optional<Time> deadline_;
  Duration wait_{};
  std::uint32_t attempt_ = 0;
  Time last_progress_{};
  bool succeeded_ = false;
  std::optional<Failure> failure_;
};

}  // namespace udplab::tftp
