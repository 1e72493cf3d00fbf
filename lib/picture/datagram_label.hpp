// Short names for datagrams in pictures: "DATA 5", "ACK 5", "RRQ file.bin", "probe #3", or their
// size when udplab does not know the protocol.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace udplab::picture {

std::string datagram_label(std::span<const std::byte> payload);

}  // namespace udplab::picture
