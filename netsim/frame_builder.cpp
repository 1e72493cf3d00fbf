#include "netsim/frame_builder.hpp"

#include "netsim/checksum.hpp"
#include "util/bytes.hpp"

namespace udplab::netsim {
namespace {

constexpr std::uint8_t kProtoIcmp = 1, kProtoUdp = 17, kProtoIcmpV6 = 58, kIpv6Fragment = 44;

void put8(std::vector<std::byte>& out, std::uint8_t v) { out.push_back(std::byte{v}); }
void put16(std::vector<std::byte>& out, std::uint16_t v) {
  out.push_back(std::byte(v >> 8));
  out.push_back(std::byte(v & 0xFF));
}
void put32(std::vector<std::byte>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
}
void put_address(std::vector<std::byte>& out, const net::IpAddress& a) {
  const std::size_t n = a.is_v4() ? 4 : 16;
  for (std::size_t i = 0; i < n; ++i) put8(out, a.raw_bytes()[i]);
}

void put_ipv4_header(std::vector<std::byte>& out, const net::IpAddress& src, const net::IpAddress& dst, std::uint8_t proto,
                     std::uint8_t ttl, std::uint16_t id, std::size_t payload_len, std::uint16_t frag_field) {
  const std::size_t start = out.size();
  put8(out, 0x45);
  put8(out, 0);
  put16(out, static_cast<std::uint16_t>(kIpv4HeaderSize + payload_len));
  put16(out, id);
  put16(out, frag_field);
  put8(out, ttl);
  put8(out, proto);
  put16(out, 0);  // checksum, filled below
  put_address(out, src);
  put_address(out, dst);
  const std::uint16_t sum = checksum_finish(checksum_add(0, std::span(out).subspan(start, kIpv4HeaderSize)));
  out[start + 10] = std::byte(sum >> 8);
  out[start + 11] = std::byte(sum & 0xFF);
}

void put_ipv6_header(std::vector<std::byte>& out, const net::IpAddress& src, const net::IpAddress& dst,
                     std::uint8_t next_header, std::uint8_t hop_limit, std::size_t payload_len) {
  put32(out, 0x60000000u);
  put16(out, static_cast<std::uint16_t>(payload_len));
  put8(out, next_header);
  put8(out, hop_limit);
  put_address(out, src);
  put_address(out, dst);
}

// The UDP header and payload of the whole datagram.
std::vector<std::byte> udp_datagram(const Packet& p, std::span<const std::byte> payload) {
  std::vector<std::byte> d;
  d.reserve(kUdpHeaderSize + payload.size());
  put16(d, p.src.port);
  put16(d, p.dst.port);
  put16(d, static_cast<std::uint16_t>(kUdpHeaderSize + payload.size()));
  put16(d, p.has_original_checksum ? p.original_checksum : udp_checksum(p.src, p.dst, payload));
  d.insert(d.end(), payload.begin(), payload.end());
  return d;
}

// ICMP (v4 type 3 code 3, v6 type 1 code 4) quoting the offending datagram's IP and UDP headers.
std::vector<std::byte> icmp_message(const Packet& p) {
  std::vector<std::byte> quote;
  const std::size_t udp_len = kUdpHeaderSize + p.icmp_about_length;
  if (p.is_v4()) {
    put_ipv4_header(quote, p.icmp_about_src.address, p.icmp_about_dst.address, kProtoUdp, 64, p.icmp_about_ip_id, udp_len, 0);
  } else {
    put_ipv6_header(quote, p.icmp_about_src.address, p.icmp_about_dst.address, kProtoUdp, 64, udp_len);
  }
  put16(quote, p.icmp_about_src.port);
  put16(quote, p.icmp_about_dst.port);
  put16(quote, static_cast<std::uint16_t>(udp_len));
  put16(quote, 0);  // the original checksum is not known here; 0 means "none" in IPv4
  std::vector<std::byte> m;
  put8(m, p.is_v4() ? 3 : 1);  // destination unreachable
  put8(m, p.is_v4() ? 3 : 4);  // port unreachable
  put16(m, 0);
  put32(m, 0);
  m.insert(m.end(), quote.begin(), quote.end());
  std::uint32_t sum = 0;
  if (!p.is_v4()) {  // ICMPv6 checksums cover a pseudo-header
    std::vector<std::byte> pseudo;
    put_address(pseudo, p.src.address);
    put_address(pseudo, p.dst.address);
    put32(pseudo, static_cast<std::uint32_t>(m.size()));
    put32(pseudo, kProtoIcmpV6);
    sum = checksum_add(sum, pseudo);
  }
  const std::uint16_t c = checksum_finish(checksum_add(sum, m));
  m[2] = std::byte(c >> 8);
  m[3] = std::byte(c & 0xFF);
  return m;
}

}  // namespace

MacAddress mac_for(const net::IpAddress& a) {
  const auto& b = a.raw_bytes();
  const std::size_t off = a.is_v4() ? 0 : 12;
  return {0x02, 0x00, b[off], b[off + 1], b[off + 2], b[off + 3]};
}

void build_frame(const Packet& p, std::span<const std::byte> payload, const MacAddress& src_mac, const MacAddress& dst_mac,
                 std::vector<std::byte>& out) {
  for (auto b : dst_mac) put8(out, b);
  for (auto b : src_mac) put8(out, b);
  put16(out, p.is_v4() ? 0x0800 : 0x86DD);

  const bool icmp = p.kind == PacketKind::icmp_port_unreachable;
  const std::vector<std::byte> datagram = icmp ? icmp_message(p) : udp_datagram(p, payload);
  std::span<const std::byte> body(datagram);
  if (p.is_fragment()) body = body.subspan(p.frag_offset, p.frag_length);
  const bool more = p.is_fragment() && p.frag_index + 1 < p.frag_count;
  const std::uint8_t proto = icmp ? (p.is_v4() ? kProtoIcmp : kProtoIcmpV6) : kProtoUdp;
  if (p.is_v4()) {
    const auto frag_field = static_cast<std::uint16_t>((more ? 0x2000 : 0) | ((p.frag_offset / 8) & 0x1FFF));
    put_ipv4_header(out, p.src.address, p.dst.address, proto, p.ttl, p.ip_id, body.size(), frag_field);
  } else if (p.is_fragment()) {
    put_ipv6_header(out, p.src.address, p.dst.address, kIpv6Fragment, p.ttl, kIpv6FragmentHeaderSize + body.size());
    put8(out, proto);
    put8(out, 0);
    put16(out, static_cast<std::uint16_t>((p.frag_offset & ~7u) | (more ? 1 : 0)));
    put32(out, static_cast<std::uint32_t>(p.id));
  } else {
    put_ipv6_header(out, p.src.address, p.dst.address, proto, p.ttl, body.size());
  }
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace udplab::netsim
