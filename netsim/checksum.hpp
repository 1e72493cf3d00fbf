// Internet checksums (RFC 1071) for the headers netsim writes into captures.
#pragma once

#include <cstdint>
#include <span>

#include "net/address.hpp"

namespace udplab::netsim {

// One's complement sum of `data` folded into `sum` (not complemented).
std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::byte> data);
std::uint16_t checksum_finish(std::uint32_t sum);

// The UDP checksum of a datagram with this payload between these endpoints (IPv4 or IPv6 pseudo
// header); never 0 (RFC 768: a computed 0 is sent as 0xFFFF).
std::uint16_t udp_checksum(const net::Endpoint& src, const net::Endpoint& dst, std::span<const std::byte> payload);

}  // namespace udplab::netsim
