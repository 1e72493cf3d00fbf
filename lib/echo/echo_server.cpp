#include "echo/echo_server.hpp"

#include "util/bytes.hpp"

namespace udplab::echo {

std::string length_reply(std::size_t n) { return "Your data was " + std::to_string(n) + " bytes long"; }

void EchoServer::on_datagram(Time now, const transport::Datagram& d) {
  ++stats_.received;
  stats_.bytes_received += d.payload.size();
  if (auto why = net::refuse_reply_to(d.from, config_.broadcast_addresses)) {
    ++stats_.refused;
    if (out_.events_enabled()) out_.emit(server_event::Refused{d.from, *why, now});
    return;
  }
  if (config_.discovery) {
    if (auto answer = discovery::answer_probe(d.payload, *config_.discovery)) {
      out_.send(d.from, *answer);
      ++stats_.replied;
      ++stats_.discovery_answered;
      stats_.bytes_sent += answer->size();
      if (out_.events_enabled()) out_.emit(server_event::DiscoveryAnswered{d.from, now});
      return;
    }
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
