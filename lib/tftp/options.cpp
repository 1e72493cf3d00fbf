#include "tftp/options.hpp"

#include <algorithm>
#include <bit>
#include <string>

namespace udplab::tftp {
namespace {

std::string decimal(std::uint64_t v) { return std::to_string(v); }

bool in_range(std::uint32_t v, std::uint32_t lo, std::uint32_t hi) { return v >= lo && v <= hi; }

// True if an option of this name appears before index i (names compare case-insensitively).
bool seen_before(const Options& options, std::size_t i) {
  for (std::size_t j = 0; j < i; ++j)
    if (iequals(options[j].name, options[i].name)) return true;
  return false;
}

}  // namespace

std::optional<std::uint64_t> parse_option_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

// ---- client ----

std::expected<Options, std::error_code> build_request_options(const ClientRequest& r) {
  Options options;
  if (r.blksize) {
    if (!in_range(*r.blksize, kMinBlksize, kMaxBlksize)) return std::unexpected(usage_errc::option_out_of_range);
    options.push_back({std::string(kBlksize), decimal(*r.blksize)});
  }
  if (r.timeout_s) {
    if (!in_range(*r.timeout_s, kMinTimeout, kMaxTimeout)) return std::unexpected(usage_errc::option_out_of_range);
    options.push_back({std::string(kTimeout), decimal(*r.timeout_s)});
  }
  if (r.tsize) {
    // RFC 2349: an RRQ carries "0" and the server answers with the size; a WRQ carries the size.
    options.push_back({std::string(kTsize), r.direction == Direction::read ? "0" : decimal(r.write_size)});
  }
  if (r.windowsize) {
    if (!in_range(*r.windowsize, kMinWindowsize, kMaxWindowsize))
      return std::unexpected(usage_errc::option_out_of_range);
    options.push_back({std::string(kWindowsize), decimal(*r.windowsize)});
    if (r.direction == Direction::read && r.window_bytes && *r.window_bytes > 0)
      options.push_back({std::string(kWindowBytes), decimal(*r.window_bytes)});
    if (r.sliding) options.push_back({std::string(kSliding), "1"});
    if (r.direction == Direction::write && r.windowsize_wish && *r.windowsize_wish > *r.windowsize) {
      if (*r.windowsize_wish > kMaxWindowsize) return std::unexpected(usage_errc::option_out_of_range);
      options.push_back({std::string(kWindowsizeWish), decimal(*r.windowsize_wish)});
    }
  }
  return options;
}

std::expected<TransferParams, std::error_code> accept_oack(const ClientRequest& r, const Options& oack) {
  TransferParams p;
  const bool wished = r.direction == Direction::write && r.windowsize && r.windowsize_wish &&
                      *r.windowsize_wish > *r.windowsize;
  std::optional<std::uint64_t> wish_granted;  // kWindowsizeWish as the OACK echoed it
  for (std::size_t i = 0; i < oack.size(); ++i) {
    const Option& o = oack[i];
    if (seen_before(oack, i)) return std::unexpected(errc::duplicate_option);  // RFC 2347
    auto v = parse_option_number(o.value);
    if (iequals(o.name, kBlksize)) {
      if (!r.blksize) return std::unexpected(errc::unrequested_option);
      // RFC 2348: "The specified value must be less than or equal to the value specified by the
      // client", and a block size is never below 8.
      if (!v || *v < kMinBlksize) return std::unexpected(errc::bad_option_value);
      if (*v > *r.blksize) return std::unexpected(errc::blksize_raised);
      p.blksize = static_cast<std::uint32_t>(*v);
    } else if (iequals(o.name, kTimeout)) {
      if (!r.timeout_s) return std::unexpected(errc::unrequested_option);
      // RFC 2349: "The specified timeout value must match the value specified by the client."
      if (!v) return std::unexpected(errc::bad_option_value);
      if (*v != *r.timeout_s) return std::unexpected(errc::timeout_changed);
      p.timeout_s = *r.timeout_s;
    } else if (iequals(o.name, kTsize)) {
      if (!r.tsize) return std::unexpected(errc::unrequested_option);
      if (!v) return std::unexpected(errc::bad_option_value);
      if (r.direction == Direction::write) {
        // RFC 2349: on a WRQ the size "is specified in the request and echoed back in the OACK".
        if (*v != r.write_size) return std::unexpected(errc::tsize_changed);
      } else if (r.max_read_size && *v > *r.max_read_size) {
        // RFC 2349: "If the file is too large for the client to handle, it may abort the
        // transfer with an Error packet (error code 3)."
        return std::unexpected(errc::file_too_large);
      }
      p.tsize = *v;
    } else if (iequals(o.name, kWindowsize)) {
      if (!r.windowsize) return std::unexpected(errc::unrequested_option);
      // RFC 7440 section 3: the OACK value "MUST be less than or equal to the value specified by
      // the client"; valid values start at 1.
      if (!v || *v < kMinWindowsize) return std::unexpected(errc::bad_option_value);
      if (*v > (wished ? *r.windowsize_wish : *r.windowsize)) return std::unexpected(errc::windowsize_raised);
      p.windowsize = static_cast<std::uint32_t>(*v);
    } else if (iequals(o.name, kWindowBytes) && r.direction == Direction::read && r.windowsize && r.window_bytes) {
      // Advisory and never answered by our server; a server that echoes it changes nothing.
    } else if (iequals(o.name, kSliding)) {
      if (!r.sliding || !r.windowsize) return std::unexpected(errc::unrequested_option);
      if (!v || *v > 1) return std::unexpected(errc::bad_option_value);
      p.sliding = *v == 1;
    } else if (iequals(o.name, kWindowsizeWish)) {
      if (!wished) return std::unexpected(errc::unrequested_option);
      if (!v || *v < kMinWindowsize || *v > *r.windowsize_wish) return std::unexpected(errc::bad_option_value);
      wish_granted = *v;
    } else {
      // RFC 2347: "the server must not include in the OACK any option which had not been
      // specifically requested by the client" -- and we only ever request the ones above.
      return std::unexpected(errc::unrequested_option);
    }
  }
  // Beyond the windowsize asked only as the echo of the wish says, and then exactly that.
  if (wish_granted && *wish_granted != p.windowsize) return std::unexpected(errc::bad_option_value);
  if (r.windowsize && p.windowsize > *r.windowsize && !wish_granted) return std::unexpected(errc::windowsize_raised);
  return p;
}

TransferParams params_without_oack(const ClientRequest&) { return TransferParams{}; }

bool retry_without_options(ErrorCode code) {
  return code == ErrorCode::not_defined || code == ErrorCode::illegal_operation ||
         code == ErrorCode::option_negotiation;
}

// ---- server ----

std::uint64_t receive_buffer_cost(std::uint32_t blksize) {
  // DATA header, UDP and IP headers and some slack, as the kernel allocates them.
  const std::uint64_t datagram = std::uint64_t{blksize} + 68;
  if (datagram <= 16384) return std::bit_ceil(datagram) + 1024;
  return std::uint64_t{blksize} + 4 + 2048;
}

std::uint32_t fit_window(std::uint32_t windowsize, std::uint32_t blksize, std::uint64_t budget) {
  if (budget == 0) return windowsize;
  const std::uint64_t fits = std::max<std::uint64_t>(1, budget / receive_buffer_cost(blksize));
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(windowsize, fits));
}

ServerNegotiation negotiate(Direction direction, const Options& requested, const ServerLimits& limits,
                            std::optional<std::uint64_t> read_size) {
  ServerNegotiation n;
  if (!limits.accept_options) return n;
  const std::uint32_t max_blksize = std::clamp(limits.max_blksize, kMinBlksize, kMaxBlksize);
  const std::uint32_t max_windowsize = std::clamp(limits.max_windowsize, kMinWindowsize, kMaxWindowsize);
  std::optional<std::size_t> windowsize_slot;  // filled once the block size is final
  std::optional<std::size_t> sliding_slot;     // kept if a window of 2 or more is granted
  std::uint64_t wanted_windowsize = 0;
  std::uint64_t wish = 0;                      // kWindowsizeWish (WRQ): the window the client would like
  std::uint64_t window_bytes = limits.max_window_bytes;

  for (std::size_t i = 0; i < requested.size(); ++i) {
    const Option& o = requested[i];
    if (seen_before(requested, i)) continue;
    auto v = parse_option_number(o.value);
    // RFC 2347: values a server cannot use are left out of the OACK, never an ERROR (except
    // where an option's own RFC says otherwise: none of ours does).
    if (!v) continue;
    if (iequals(o.name, kBlksize)) {
      // RFC 2348: below 8 is invalid and cannot be raised (the OACK may only lower), so ignore it;
      // above our limit (including above 65464) is lowered to the limit.
      if (*v < kMinBlksize) continue;
      n.params.blksize = static_cast<std::uint32_t>(std::min<std::uint64_t>(*v, max_blksize));
      n.oack.push_back({o.name, decimal(n.params.blksize)});
    } else if (iequals(o.name, kTimeout)) {
      // RFC 2349: 1..255 seconds, and the OACK must echo the value: we accept it or leave it out.
      std::uint32_t lo = std::max(limits.min_timeout_s, kMinTimeout);
      std::uint32_t hi = std::min(limits.max_timeout_s, kMaxTimeout);
      if (*v < lo || *v > hi) continue;
      n.params.timeout_s = static_cast<std::uint32_t>(*v);
      n.oack.push_back({o.name, decimal(*v)});
    } else if (iequals(o.name, kTsize)) {
      if (direction == Direction::write) {
        // RFC 2349: the WRQ announces the size; a server that cannot take it answers ERROR 3.
        // A configured limit is the file's; the free space is the device's: the words say which.
        std::optional<std::string> refused;
        if (limits.max_write_size && *v > *limits.max_write_size)
          refused = "File too large: " + decimal(*v) + " bytes, limit " + decimal(*limits.max_write_size) + ".";
        else if (limits.free_space && *v > *limits.free_space)
          refused = "No space left on the device: " + decimal(*v) + " bytes, " + decimal(*limits.free_space) + " free.";
        if (refused) {
          n = ServerNegotiation{};
          n.refusal = Error{.code = ErrorCode::disk_full, .message = std::move(*refused)};
          return n;
        }
        if (!limits.tsize) continue;
        n.params.tsize = *v;
        n.oack.push_back({o.name, decimal(*v)});
      } else {
        // RFC 2349: an RRQ carries "0" and the OACK returns the size. We answer whatever the
        // client wrote (tftp-hpa would echo a non-zero value instead: that is not the size).
        if (!limits.tsize || !read_size) continue;
        n.params.tsize = *read_size;
        n.oack.push_back({o.name, decimal(*read_size)});
      }
    } else if (iequals(o.name, kWindowsize)) {
      // RFC 7440 section 3: 1..65535; the OACK may lower it. The value depends on the final block
      // size (max_window_bytes), which a later option may still change.
      if (*v < kMinWindowsize) continue;
      wanted_windowsize = *v;
      windowsize_slot = n.oack.size();
      n.oack.push_back({o.name, {}});
    } else if (iequals(o.name, kWindowBytes)) {
      // A download's window fills the client's buffer, which the client has measured: trust its
      // figure over the default one assumed for clients that say nothing (never above no cap).
      if (direction == Direction::read && *v > 0 && limits.max_window_bytes != 0) window_bytes = *v;
    } else if (iequals(o.name, kWindowsizeWish)) {
      // An upload's window lands in our own socket, whose buffer we know (max_window_bytes is then
      // that buffer's budget): we may grant more than the windowsize a client asked for while
      // guessing at our buffer, up to what it would like.
      if (direction == Direction::write && limits.window_wish) wish = std::min<std::uint64_t>(*v, kMaxWindowsize);
    } else if (iequals(o.name, kSliding)) {
      if (*v != 1 || !limits.sliding) continue;
      sliding_slot = n.oack.size();
      n.oack.push_back({o.name, "1"});
    }
    // Anything else: RFC 2347, "Options which the server does not support should be omitted".
  }

  if (windowsize_slot) {
    const std::uint64_t target = std::max(wanted_windowsize, wish);
    const auto asked = static_cast<std::uint32_t>(std::min<std::uint64_t>(target, max_windowsize));
    std::uint32_t w = fit_window(asked, n.params.blksize, window_bytes);
    // A window larger than any client would get (one that declared a big buffer) must also fit our
    // own send buffer; below that, the default rule stands as measured.
    const std::uint32_t assumed = fit_window(asked, n.params.blksize, limits.max_window_bytes);
    if (direction == Direction::read && w > assumed)
      w = std::max(assumed, fit_window(w, n.params.blksize, limits.max_send_window_bytes));
    n.params.windowsize = w;
    n.oack[*windowsize_slot].value = decimal(w);
    // The echo is what lets the client take a windowsize above the one it asked for.
    if (w > wanted_windowsize) n.oack.push_back({std::string(kWindowsizeWish), decimal(w)});
  }
  // Sliding needs a window to slide: without windowsize, or with a window of 1, it is left out.
  if (sliding_slot) {
    if (n.params.windowsize >= 2) n.params.sliding = true;
    else n.oack.erase(n.oack.begin() + static_cast<std::ptrdiff_t>(*sliding_slot));
  }
  return n;
}

}  // namespace udplab::tftp
