// Builds the bytes a packet would have on an Ethernet wire: Ethernet, IPv4 or IPv6 (with a
// fragment header when fragmented), then UDP (or ICMP port unreachable), with valid lengths and
// checksums, so Wireshark and tshark dissect simulated captures like real ones. A corrupted packet
// keeps the checksum its sender computed, so the capture shows the mismatch the receiver saw.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "netsim/packet.hpp"

namespace udplab::netsim {

using MacAddress = std::array<std::uint8_t, 6>;

// A locally administered MAC derived from an IP address (02:00 + its last four bytes).
MacAddress mac_for(const net::IpAddress& a);
inline constexpr MacAddress kBroadcastMac = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

// Appends the frame for `p` (whose whole-datagram UDP payload is `payload`) to `out`.
void build_frame(const Packet& p, std::span<const std::byte> payload, const MacAddress& src_mac,
                 const MacAddress& dst_mac, std::vector<std::byte>& out);

}  // namespace udplab::netsim
