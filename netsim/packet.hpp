// A datagram in flight inside the simulator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/address.hpp"

namespace udplab::netsim {

using Bytes = std::vector<std::byte>;

enum class PacketKind : std::uint8_t { udp, icmp_port_unreachable };

inline constexpr std::size_t kIpv4HeaderSize = 20;
inline constexpr std::size_t kIpv6HeaderSize = 40;
inline constexpr std::size_t kUdpHeaderSize = 8;

struct Packet {
  std::uint64_t id = 0;    // one per datagram sent; duplicates and fragments keep it
  std::uint32_t copy = 0;  // 0 for the original, 1.. for duplicates made on the way
  PacketKind kind = PacketKind::udp;
  net::Endpoint src;
  net::Endpoint dst;
  std::shared_ptr<const Bytes> payload;  // shared by copies until one is corrupted
  bool corrupted = false;
  std::uint8_t ttl = 64;
  // ICMP port unreachable: which datagram it answers.
  net::Endpoint icmp_about_src;
  net::Endpoint icmp_about_dst;
  // IPv4/IPv6 fragmentation: this frame carries bytes [frag_offset, frag_offset+frag_length) of
  // the UDP datagram (header included); frag_count is 1 for an unfragmented datagram.
  std::uint16_t frag_index = 0;
  std::uint16_t frag_count = 1;
  std::size_t frag_offset = 0;
  std::size_t frag_length = 0;

  std::size_t payload_size() const { return payload ? payload->size() : 0; }
  std::size_t ip_header_size() const { return dst.address.is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize; }
  // Bytes on the wire at the IP layer for this frame.
  std::size_t wire_size() const {
    if (frag_count > 1) return ip_header_size() + frag_length;
    if (kind == PacketKind::icmp_port_unreachable) return ip_header_size() + 8 + ip_header_size() + kUdpHeaderSize;
    return ip_header_size() + kUdpHeaderSize + payload_size();
  }
};

}  // namespace udplab::netsim
