#include "util/error_text.hpp"

namespace udplab::util {

std::string error_text(std::error_code ec) {
  if (ec.category() == std::generic_category()) {
    switch (static_cast<std::errc>(ec.value())) {
      case std::errc::address_in_use: return "Address already in use";
      case std::errc::address_not_available: return "Cannot assign requested address";
      case std::errc::connection_refused: return "Connection refused";
      case std::errc::connection_reset: return "Connection reset by peer";
      case std::errc::host_unreachable: return "No route to host";
      case std::errc::message_size: return "Message too long";
      case std::errc::network_unreachable: return "Network is unreachable";
      case std::errc::not_connected: return "Transport endpoint is not connected";
      case std::errc::timed_out: return "Connection timed out";
      default: break;
    }
  }
  return ec.message();
}

}  // namespace udplab::util
