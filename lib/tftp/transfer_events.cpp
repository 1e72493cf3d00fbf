#include "tftp/transfer_events.hpp"

#include <cstdio>

namespace udplab::tftp {

std::string_view to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::timeout: return "timeout";
    case FailureKind::peer_error: return "peer_error";
    case FailureKind::refused: return "refused";
    case FailureKind::local_error: return "local_error";
    case FailureKind::protocol_error: return "protocol_error";
    case FailureKind::cancelled: return "cancelled";
  }
  return "unknown";
}

std::string printable(std::string_view text) {
  constexpr std::size_t kMax = 200;
  std::string out;
  for (char c : text) {
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    }
  }
  return out;
}

}  // namespace udplab::tftp
