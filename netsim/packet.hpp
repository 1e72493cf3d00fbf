// A datagram (or one fragment of it) in flight inside the simulator.
//
// Packets live in a PacketStore and travel by slot number, so an event that carries one is a plain
// integer. Payload bytes live in refcounted buffers: duplicates and fragments share them, and a
// corrupted copy gets its own (copy on write).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include "net/address.hpp"

namespace udplab::netsim {

class Host;

using PacketId = std::uint32_t;
using PayloadId = std::uint32_t;
inline constexpr PayloadId kNoPayload = std::numeric_limits<PayloadId>::max();

enum class PacketKind : std::uint8_t { udp, icmp_port_unreachable };

inline constexpr std::size_t kIpv4HeaderSize = 20;
inline constexpr std::size_t kIpv6HeaderSize = 40;
inline constexpr std::size_t kIpv6FragmentHeaderSize = 8;
inline constexpr std::size_t kUdpHeaderSize = 8;
inline constexpr std::size_t kEthernetHeaderSize = 14;
// ICMP error: type/code/checksum/unused (8) + the offending IP header + 8 bytes of it.
inline constexpr std::size_t kIcmpHeaderSize = 8;

struct Packet {
  std::uint64_t id = 0;    // one per datagram sent; duplicates and fragments keep it
  std::uint32_t copy = 0;  // 0 for the original, then a number per duplicate made on the way
  PacketKind kind = PacketKind::udp;
  bool corrupted = false;
  bool link_broadcast = false;  // addressed to every member of the current segment
  std::uint8_t ttl = 64;
  std::uint16_t ip_id = 0;      // IPv4 identification / IPv6 fragment id (low bits)
  net::Endpoint src;
  net::Endpoint dst;
  net::IpAddress next_hop;      // the member of the current segment it is for (unicast)
  const Host* origin = nullptr; // the sending host (partitions are end to end)
  PayloadId payload = kNoPayload;  // the UDP payload of the whole datagram
  std::uint32_t payload_size = 0;
  // The UDP checksum the sender computed, kept when a link corrupts the bytes so that a capture
  // shows the mismatch the receiver detects.
  bool has_original_checksum = false;
  std::uint16_t original_checksum = 0;
  // ICMP port unreachable: which datagram it answers.
  net::Endpoint icmp_about_src;
  net::Endpoint icmp_about_dst;
  std::uint32_t icmp_about_length = 0;  // the offending datagram's UDP payload size
  std::uint16_t icmp_about_ip_id = 0;
  // Fragments carry bytes [frag_offset, frag_offset + frag_length) of the IP payload (UDP header
  // plus data); frag_count is 1 for an unfragmented datagram.
  std::uint16_t frag_index = 0;
  std::uint16_t frag_count = 1;
  std::uint32_t frag_offset = 0;
  std::uint32_t frag_length = 0;

  bool is_v4() const { return dst.address.is_v4(); }
  bool is_fragment() const { return frag_count > 1; }
  std::size_t ip_header_size() const {
    return is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize + (is_fragment() ? kIpv6FragmentHeaderSize : 0);
  }
  // Bytes after the IP header(s) of the whole datagram: UDP header + data, or the ICMP message.
  std::size_t ip_payload_size() const {
    if (kind == PacketKind::icmp_port_unreachable) return kIcmpHeaderSize + (is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize) + kUdpHeaderSize;
    return kUdpHeaderSize + payload_size;
  }
  // Bytes of this frame at the IP layer.
  std::size_t wire_size() const { return ip_header_size() + (is_fragment() ? frag_length : ip_payload_size()); }
};

}  // namespace udplab::netsim
