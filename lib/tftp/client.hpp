// Client: the TFTP client engine, for a download (RRQ, "get") or an upload (WRQ, "put").
// See transport/engine.hpp for the engine contract and tftp/transfer.hpp for the rules every
// transfer follows.
//
//   start        sends the request to the server's port (retransmitted on timeout)
//   first reply  from the server's address fixes the server's transfer ID (RFC 1350 section 4):
//                  OACK          checked with accept_oack(); a bad one gets ERROR 8 (or 3 for a
//                                too large tsize) and ends the transfer; a good one is answered
//                                with ACK 0 (download) or DATA 1 (upload)
//                  DATA 1/ACK 0  the server ignored the options: RFC 1350 defaults
//                  ERROR 0/4/8   to a request with options: asked again without them (RFC 2347),
//                                so a server that rejects options still serves 512-byte blocks
//                  other ERROR   the transfer fails with the server's code and text
//   then         Transfer's DATA/ACK exchange, dally after a download's final ACK.
//   refused      an ICMP port unreachable for the request, before any answer, ends the transfer
//                at once where the socket names its destination (on_error with `about`).
//
// The client's socket must not be connected: the server answers from a new port.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "tftp/file_store.hpp"
#include "tftp/transfer.hpp"
#include "util/config_error.hpp"

namespace udplab::tftp {

// Upper bound on windowsize × blksize a client asks for: the sender keeps a window in memory.
inline constexpr std::uint64_t kMaxClientWindowBytes = 64ull << 20;

struct ClientConfig {
  net::Endpoint server;  // the server's request port (69)
  std::string remote;    // the file name on the server
  Mode mode = Mode::octet;
  std::optional<std::uint32_t> blksize;     // RFC 2348 option, 8..65464
  std::optional<std::uint32_t> windowsize;  // RFC 7440 option, 1..65535
  std::optional<std::uint32_t> timeout_s;   // RFC 2349 timeout option to request, 1..255
  bool tsize = false;                       // RFC 2349: learn (get) or announce (put) the size
  std::optional<std::uint64_t> max_read_size;  // get: refuse a larger announced size (ERROR 3)
  // The receive buffer one window must fit in (see fit_window): the windowsize asked for is
  // lowered to fit, and a server may only lower it further (RFC 7440), so no window is sent that
  // the receiving socket would drop the tail of. A download's window lands in our own socket's
  // buffer, an upload's in the server's, which we cannot see (kDefaultWindowBudget). 0: no cap.
  std::uint64_t window_budget = 0;
  // With a windowsize of 2 or more, ask for sliding windows (kSliding): a udplab server agrees,
  // others ignore it; and an upload whose window was lowered to fit (window_budget) asks for the
  // whole one as kWindowsizeWish. false: plain RFC 7440 windows whoever the server is.
  bool sliding = true;
  Timing timing;
};

// The settings validate() checks, for each front end to name in its own words: `timeout_option`
// is the RFC 2349 value asked of the server, `timeout` our own retransmission timer.
enum class ClientField { server, remote, mode, blksize, windowsize, timeout_option, timeout };
using ClientConfigError = util::ConfigError<ClientField>;

// Checks ranges; returns the first bad setting and why, or nothing.
std::optional<ClientConfigError> validate(const ClientConfig& config);

class Client final : public Transfer {
 public:
  // A download into `sink`, committed only when complete.
  Client(ClientConfig config, std::unique_ptr<WriteFile> sink);
  // An upload of `source`.
  Client(ClientConfig config, std::unique_ptr<ReadFile> source);

  // Before start(): see ClientConfig::window_budget (the live socket is only known by then).
  void set_window_budget(std::uint64_t bytes) { config_.window_budget = bytes; }
  void start(Time now);
  void on_datagram(Time now, const transport::Datagram& d);
  using Transfer::on_error;
  // An error the socket tied to a destination (transport::SocketError::about): a port unreachable
  // drawn by the request, before any answer, fails the transfer at once ("connection refused");
  // one about any other destination, or after the server answered, is a lost datagram as any
  // other error (the server's transfer ID may have gone; the timer handles that).
  void on_error(Time now, std::error_code ec, const net::Endpoint& about);

  Direction direction() const { return sink_ ? Direction::read : Direction::write; }
  const ClientConfig& config() const { return config_; }

 private:
  std::optional<std::uint32_t> asked_windowsize() const;
  void send_request(Time now);
  void on_first_reply(Time now, const net::Endpoint& from, const Packet& packet);
  void accept_reply(Time now, const net::Endpoint& from, const TransferParams& params, bool oack);

  ClientConfig config_;
  ClientRequest request_;
  std::unique_ptr<WriteFile> sink_;
  std::unique_ptr<ReadFile> source_;
  bool options_sent_ = false;
};

}  // namespace udplab::tftp
