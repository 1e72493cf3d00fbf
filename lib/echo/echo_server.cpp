#include "echo/echo_server.hpp"

#include <algorithm>

#include "util/bytes.hpp"

namespace udplab::echo {

std::string_view to_string(RefusalReason r) {
  switch (r) {
    case RefusalReason::port_zero: return "source port 0";
    case RefusalReason::multicast_source: return "multicast source";
    case RefusalReason::broadcast_source: return "broadcast source";
    case RefusalReason::unspecified_source: return "unspecified source";
  }
  return "unknown";
}

std::string length_reply(std::size_t n) { return "Your data was " + std::to_string(n) + " bytes long"; }

std::optional<RefusalReason> EchoServer::refuse(const net::Endpoint& from) const {
  const net::IpAddress a = from.address.unmapped();
  if (from.port == 0) return RefusalReason::port_zero;
  if (a.is_multicast()) return RefusalReason::multicast_source;
  if (a.is_unspecified()) return RefusalReason::unspecified_source;
  if (a.is_limited_broadcast()) return RefusalReason::broadcast_source;
  if (std::find(config_.broadcast_addresses.begin(), config_.broadcast_addresses.end(), a) !=
      config_.broadcast_addresses.end())
    return RefusalReason::broadcast_source;
  return std::nullopt;
}

void EchoServer::on_datagram(Time now, const transport::Datagram& d) {
  ++stats_.received;
  stats_.bytes_received += d.payload.size();
  if (auto why = refuse(d.from)) {
    ++stats_.refused;
    if (out_.events_enabled()) out_.emit(server_event::Refused{d.from, *why, now});
    return;
  }
  std::size_t out_bytes = d.payload.size();
  if (config_.reply_length) {
    std::string text = length_reply(d.payload.size());
    out_bytes = text.size();
    out_.send(d.from, util::as_bytes(text));
  } else {
    out_.send(d.from, d.payload);
  }
  ++stats_.replied;
  stats_.bytes_sent += out_bytes;
  if (out_.events_enabled()) out_.emit(server_event::Served{d.from, d.payload.size(), out_bytes, now});
}

void EchoServer::on_error(Time now, std::error_code ec) {
  ++stats_.send_errors;
  if (out_.events_enabled()) out_.emit(server_event::SendFailed{ec.message(), now});
}

}  // namespace udplab::echo
