// Option negotiation (RFC 2347) for blksize (RFC 2348), timeout and tsize (RFC 2349) and
// windowsize (RFC 7440), as pure functions over option lists: no I/O, no state.
//
//   client  build_request_options(req)        -> the options to put in the RRQ/WRQ
//           accept_oack(req, oack.options)    -> negotiated TransferParams, or the peer error that
//                                                makes the client send ERROR reply_code_for(ec)
//           params_without_oack(req)          -> the server answered DATA 1 / ACK 0 instead
//           retry_without_options(code)       -> whether to repeat a refused request bare
//   server  negotiate(direction, request.options, limits, read_size)
//                                              -> TransferParams + the OACK to send (empty: none),
//                                                 or a refusal to send as ERROR
//
// Every rule cites its RFC section in options.cpp and in docs/tftp-protocol.md.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>
#include <system_error>

#include "tftp/packet.hpp"

namespace udplab::tftp {

// Valid ranges from the RFCs, and the RFC 1350 block size used when blksize is not negotiated.
inline constexpr std::uint32_t kDefaultBlksize = 512;
inline constexpr std::uint32_t kMinBlksize = 8;          // RFC 2348
inline constexpr std::uint32_t kMaxBlksize = 65464;      // RFC 2348
inline constexpr std::uint32_t kMinTimeout = 1;          // RFC 2349, seconds
inline constexpr std::uint32_t kMaxTimeout = 255;        // RFC 2349
inline constexpr std::uint32_t kMinWindowsize = 1;       // RFC 7440
inline constexpr std::uint32_t kMaxWindowsize = 65535;   // RFC 7440

inline constexpr std::string_view kBlksize = "blksize";
inline constexpr std::string_view kTimeout = "timeout";
inline constexpr std::string_view kTsize = "tsize";
inline constexpr std::string_view kWindowsize = "windowsize";
// udplab's own, advisory: the bytes of receive buffer a download's window may fill at the client
// (its fit_window budget). Other servers ignore it, as RFC 2347 has them do with any option they
// do not know; ours then sizes the window to the client's buffer instead of assuming a default
// one. Never answered in the OACK: it changes nothing the client must agree to.
inline constexpr std::string_view kWindowBytes = "x-udplab-window-bytes";
// udplab's own: sliding windows (value "1"). RFC 7440's sender waits for a window's ACK before it
// sends the next window, so each side idles while the other works. With this option the receiver
// ACKs every windowsize/2 blocks (sliding_ack_interval) and the sender keeps up to windowsize blocks
// unacknowledged, sending on as ACKs come in. Answered in the OACK when the server agrees (ours,
// with a window of 2 or more); other servers ignore it and the transfer runs as RFC 7440 says.
inline constexpr std::string_view kSliding = "x-udplab-sliding";
// udplab's own, on a WRQ: the window the client would like (value N), when it asked for less in
// windowsize because an upload's window lands in the server's receive buffer, whose size it cannot
// know (a default one holds 2 blocks of 65464). A server that knows its buffer (ours) may grant up
// to N, more than windowsize asked, and says so by echoing this option with the windowsize it
// grants; other servers ignore it and the windowsize asked stands.
inline constexpr std::string_view kWindowsizeWish = "x-udplab-windowsize";

// RRQ: the client reads (downloads); WRQ: the client writes (uploads).
enum class Direction { read, write };

// An option value as RFC 2347 numbers are written: one or more ASCII digits, nothing else (no
// sign, no spaces), fitting in 64 bits. Leading zeros are accepted, as tftp-hpa's strtoumax does.
std::optional<std::uint64_t> parse_option_number(std::string_view text);

// What a transfer runs with once negotiation is over.
struct TransferParams {
  std::uint32_t blksize = kDefaultBlksize;
  std::uint32_t windowsize = 1;            // 1 = RFC 1350 lock-step
  std::optional<std::uint32_t> timeout_s;  // agreed retransmission timeout; none = each side's own
  // The transfer size, when the OACK carried it: an RRQ's file size as the server announced it, or
  // a WRQ's size as the server echoed it. An option the OACK leaves out counts as never requested
  // (RFC 2347), so there is none without an OACK.
  std::optional<std::uint64_t> tsize;
  bool sliding = false;  // kSliding agreed: see sliding_ack_interval (block.hpp)
  bool operator==(const TransferParams&) const = default;
};

// What one window may take of a socket receive buffer whose size is not known: a default Linux
// buffer (net.core.rmem_default, 212,992 bytes) less a margin. Both our server (what it grants) and
// our client (what it asks for when it sends, or cannot size its own buffer) keep within it.
inline constexpr std::uint64_t kDefaultWindowBudget = 192 * 1024;

// ---- client ----

// What a client asks for. The same value builds the request and then checks the server's answer.
struct ClientRequest {
  Direction direction = Direction::read;
  std::optional<std::uint32_t> blksize;     // kMinBlksize..kMaxBlksize
  std::optional<std::uint32_t> timeout_s;   // kMinTimeout..kMaxTimeout
  std::optional<std::uint32_t> windowsize;  // kMinWindowsize..kMaxWindowsize
  bool tsize = false;                       // ask for (RRQ) or announce (WRQ) the transfer size
  std::uint64_t write_size = 0;             // WRQ: the size announced in tsize
  std::optional<std::uint64_t> max_read_size;  // RRQ: a larger announced tsize is refused (ERROR 3)
  std::optional<std::uint64_t> window_bytes;   // RRQ with windowsize: sent as kWindowBytes
  bool sliding = false;                        // with windowsize: sent as kSliding
  // WRQ with windowsize: sent as kWindowsizeWish (more than windowsize). The OACK may then grant
  // up to this many, echoing the option.
  std::optional<std::uint32_t> windowsize_wish;
};

// The options for the RRQ/WRQ, in a fixed order (blksize, timeout, tsize, windowsize, and with a
// window kWindowBytes (RRQ only), kSliding and kWindowsizeWish (WRQ only)), spelled in lower
// case. Fails with usage_errc::option_out_of_range for values outside the RFC ranges.
std::expected<Options, std::error_code> build_request_options(const ClientRequest& request);

// Checks a server's OACK against what `request` asked for (RFC 2347 "Negotiation Protocol"):
// every option in it must have been requested; blksize and windowsize may only be lowered (a
// windowsize up to windowsize_wish only together with kWindowsizeWish echoing it), timeout
// must be echoed exactly, a WRQ's tsize echoed exactly; an RRQ's tsize is the file size and is
// checked against max_read_size. Options the OACK leaves out keep their RFC 1350 defaults. Errors
// are tftp::errc (peer) values; answer them with ERROR reply_code_for(ec) and end the transfer.
std::expected<TransferParams, std::error_code> accept_oack(const ClientRequest& request, const Options& oack);

// The server ignored every option and answered with DATA 1 (RRQ) or ACK 0 (WRQ): RFC 1350
// defaults.
TransferParams params_without_oack(const ClientRequest& request);

// RFC 2347: "In the event that a server returns an error for a request which carries an option,
// the client may attempt to repeat the request without appending any options." We do so for the
// codes an option-unaware server would plausibly send (0, 4 and 8), not for answers about the file.
bool retry_without_options(ErrorCode code);

// ---- server ----

struct ServerLimits {
  bool accept_options = true;              // false: behave as an RFC 1350 server, never OACK
  std::uint32_t max_blksize = kMaxBlksize;  // e.g. 1468 to stay within a 1500-byte MTU
  std::uint32_t max_windowsize = 64;
  // Caps windowsize * receive_buffer_cost(blksize), so that a window fits the client's default
  // socket receive buffer (atftp's windowed transfers collapse beyond it, losing the tail of every
  // window). 0: no cap.
  std::uint64_t max_window_bytes = kDefaultWindowBudget;
  // Caps windowsize * receive_buffer_cost(blksize) of a download beyond what max_window_bytes
  // gives (a client that declared a larger buffer) by what our own socket can have in flight:
  // a larger window gains nothing (docs/benchmarks.md). 0: no cap.
  std::uint64_t max_send_window_bytes = 0;
  std::uint32_t min_timeout_s = kMinTimeout;  // a requested timeout outside this range is ignored
  std::uint32_t max_timeout_s = kMaxTimeout;
  bool tsize = true;                       // answer tsize
  bool sliding = true;                     // agree to kSliding
  bool window_wish = true;                 // grant kWindowsizeWish (WRQ), up to max_window_bytes
  std::optional<std::uint64_t> max_write_size;  // WRQ: refuse a larger announced tsize ("File too large")
  // WRQ: the room left where the file goes (WriteFile::capacity()); a larger announced tsize is
  // refused as "No space left on the device", which a configured limit is not.
  std::optional<std::uint64_t> free_space;
};

// What one DATA datagram of `blksize` bytes takes of a Linux socket receive buffer, which counts
// the kernel's allocation (skb truesize), not the payload: a datagram up to 16 KiB sits in a
// power-of-two buffer plus about 1 KiB of bookkeeping; a larger one in pages, at about its size.
// Measured on loopback against atftpd's default buffer (see tests/unit/tftp_options_test.cpp).
std::uint64_t receive_buffer_cost(std::uint32_t blksize);

// The largest window, up to `windowsize`, whose blocks of `blksize` bytes fit in `budget` bytes of
// a receive buffer (by receive_buffer_cost); never below 1. A budget of 0 means no cap.
std::uint32_t fit_window(std::uint32_t windowsize, std::uint32_t blksize, std::uint64_t budget);

struct ServerNegotiation {
  TransferParams params;
  Options oack;                  // send as OACK; empty: start as RFC 1350 (DATA 1 / ACK 0)
  std::optional<Error> refusal;  // set: send this ERROR instead and end the transfer
};

// Decides the answer to a request's options. `read_size` is the size an RRQ will transfer (for
// netascii, netascii::encoded_size of the file); none leaves an RRQ's tsize unanswered. Unknown
// options and unusable values are ignored (left out of the OACK), as RFC 2347 requires; blksize
// and windowsize above the server's limits are lowered (RFC 2348, RFC 7440 section 3 allow it).
// The OACK echoes each accepted option under the client's own spelling, in the client's order.
// If the codec was bypassed and a name appears twice, the first one counts.
ServerNegotiation negotiate(Direction direction, const Options& requested, const ServerLimits& limits,
                            std::optional<std::uint64_t> read_size);

}  // namespace udplab::tftp
