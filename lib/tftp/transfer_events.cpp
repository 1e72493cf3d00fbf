#include "tftp/transfer_events.hpp"

namespace udplab::tftp {

std::string_view to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::timeout: return "timeout";
    case FailureKind::peer_error: return "peer_error";
    case FailureKind::refused: return "refused";
    case FailureKind::unreachable: return "unreachable";
    case FailureKind::local_error: return "local_error";
    case FailureKind::protocol_error: return "protocol_error";
    case FailureKind::cancelled: return "cancelled";
  }
  return "unknown";
}

}  // namespace udplab::tftp
