#include "picture/datagram_label.hpp"

#include <variant>

#include "echo/probe_codec.hpp"
#include "tftp/packet.hpp"

namespace udplab::picture {

std::string datagram_label(std::span<const std::byte> payload) {
  if (auto probe = echo::decode_probe(payload)) return "probe #" + std::to_string(probe->seq);
  if (auto packet = tftp::decode(payload)) {
    return std::visit(
        [&](const auto& p) -> std::string {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, tftp::Rrq>) return "RRQ " + p.filename;
          else if constexpr (std::is_same_v<T, tftp::Wrq>) return "WRQ " + p.filename;
          else if constexpr (std::is_same_v<T, tftp::Data>) return "DATA " + std::to_string(p.block) + " (" + std::to_string(p.payload.size()) + ")";
          else if constexpr (std::is_same_v<T, tftp::Ack>) return "ACK " + std::to_string(p.block);
          else if constexpr (std::is_same_v<T, tftp::Error>) return "ERROR " + std::to_string(static_cast<int>(p.code));
          else return std::string("OACK");
        },
        *packet);
  }
  return std::to_string(payload.size()) + " bytes";
}

}  // namespace udplab::picture
