#include "netsim/checksum.hpp"

namespace udplab::netsim {

std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::byte> data) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2)
    sum += (std::to_integer<std::uint32_t>(data[i]) << 8) | std::to_integer<std::uint32_t>(data[i + 1]);
  if (i < data.size()) sum += std::to_integer<std::uint32_t>(data[i]) << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return sum;
}

std::uint16_t checksum_finish(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

std::uint16_t udp_checksum(const net::Endpoint& src, const net::Endpoint& dst, std::span<const std::byte> payload) {
  const std::size_t udp_length = payload.size() + 8;
  std::uint32_t sum = 0;
  auto add16 = [&](std::uint32_t v) { sum += v & 0xFFFF; };
  const std::size_t addr_len = src.address.is_v4() ? 4 : 16;
  for (const auto* a : {&src.address, &dst.address}) {
    const auto& b = a->raw_bytes();
    for (std::size_t i = 0; i < addr_len; i += 2) add16((std::uint32_t{b[i]} << 8) | b[i + 1]);
  }
  add16(17);  // protocol / next header
  if (addr_len == 16) add16(static_cast<std::uint32_t>(udp_length >> 16));
  add16(static_cast<std::uint32_t>(udp_length));
  // UDP header with checksum 0.
  add16(src.port);
  add16(dst.port);
  add16(static_cast<std::uint32_t>(udp_length));
  sum = checksum_add(sum, payload);
  const std::uint16_t c = checksum_finish(sum);
  return c == 0 ? 0xFFFF : c;
}

}  // namespace udplab::netsim
