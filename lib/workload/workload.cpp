#include "workload/workload.hpp"

#include <cctype>

#include "util/error_text.hpp"

namespace udplab::workload {

std::string bind_error(const std::string& endpoint, std::error_code ec) {
  std::string why = util::error_text(ec);
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  std::string msg = "cannot bind " + endpoint + ": " + why;
  if (ec == std::errc::permission_denied) msg += " (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
  if (ec == std::errc::address_in_use) msg += " (another program uses this port; pick another)";
  if (ec == std::errc::address_not_available) msg += " (this host has no such address)";
  return msg;
}

std::expected<std::unique_ptr<transport::Socket>, std::string> open_socket(
    transport::Runtime& runtime, const net::Endpoint& bind, const std::optional<net::Endpoint>& peer,
    const transport::BindOptions& options) {
  auto socket = runtime.bind(bind, options);
  if (!socket) return std::unexpected(bind_error(bind.to_string(), socket.error()));
  if (peer)
    if (auto ec = (*socket)->connect(*peer)) return std::unexpected("cannot reach " + peer->to_string() + ": " + util::error_text(ec));
  return std::move(*socket);
}

}  // namespace udplab::workload
