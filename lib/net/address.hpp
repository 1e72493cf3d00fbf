// IP addresses, endpoints and prefixes: plain values shared by every layer.
//
// Kept free of socket headers so that engines, netsim and the subnet calculator use one type and
// parse/format addresses the same way. Parsing is strict (no octal, no leading zeros, no trailing
// junk) and reports what was wrong as text suitable for a one-line CLI error.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <expected>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace udplab::net {

enum class Family : std::uint8_t { v4, v6 };

namespace detail {
// Eight address bytes as one word in memory order (bit_cast keeps it right on any endianness), so
// that an address test is two integer compares instead of a byte loop.
constexpr std::uint64_t address_word(std::array<std::uint8_t, 8> b) { return std::bit_cast<std::uint64_t>(b); }
}  // namespace detail

// The address bytes come first and the object is 8-aligned, so that a copy (16 bytes, then 8)
// and the word loads that compare addresses line up: no 8-byte load of an address word straddles
// the two halves of a copy, which the CPU could not forward from the stores (the simulator copies
// and compares addresses for every datagram it moves).
class alignas(8) IpAddress {
 public:
  using V6Bytes = std::array<std::uint8_t, 16>;

  constexpr IpAddress() = default;  // 0.0.0.0

  static constexpr IpAddress v4(std::uint32_t host_order) {
    IpAddress a;
    a.family_ = Family::v4;
    a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
    a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
    a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
    a.bytes_[3] = static_cast<std::uint8_t>(host_order);
    return a;
  }
  static constexpr IpAddress v6(const V6Bytes& bytes, std::uint32_t scope_id = 0) {
    IpAddress a;
    a.family_ = Family::v6;
    a.bytes_ = bytes;
    a.scope_id_ = scope_id;
    return a;
  }
  static IpAddress any(Family f) { return f == Family::v4 ? IpAddress{} : v6(V6Bytes{}); }
  static IpAddress loopback(Family f);
  static constexpr IpAddress limited_broadcast() { return v4(0xFFFFFFFFu); }

  // Accepts dotted-quad IPv4 or RFC 4291 IPv6 text (with an optional numeric "%scope").
  static std::expected<IpAddress, std::string> parse(std::string_view text);
  static std::expected<IpAddress, std::string> parse_v4(std::string_view text);
  static std::expected<IpAddress, std::string> parse_v6(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::v4; }
  bool is_v6() const { return family_ == Family::v6; }
  // host byte order; only for v4
  std::uint32_t v4_value() const {
    return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) | (std::uint32_t{bytes_[2]} << 8) |
           std::uint32_t{bytes_[3]};
  }
  const V6Bytes& raw_bytes() const { return bytes_; }  // v4 uses the first four bytes
  std::uint32_t scope_id() const { return scope_id_; }

  // The predicates the simulator asks for every packet are defined here, so that they inline.
  bool is_unspecified() const { return is_v4() ? v4_value() == 0 : (word(0) | word(1)) == 0; }
  bool is_loopback() const {
    if (is_v4()) return bytes_[0] == 127;
    if (is_v4_mapped()) return bytes_[12] == 127;
    return word(0) == 0 && word(1) == kLoopbackLowWord;
  }
  bool is_multicast() const {
    if (is_v4()) return (bytes_[0] & 0xF0) == 0xE0;
    if (is_v4_mapped()) return (bytes_[12] & 0xF0) == 0xE0;
    return bytes_[0] == 0xFF;
  }
  bool is_limited_broadcast() const {
    if (is_v4()) return v4_value() == 0xFFFFFFFFu;
    return is_v4_mapped() && word(1) == kAllOnesMappedLowWord;
  }
  bool is_link_local() const;
  bool is_private() const;  // RFC 1918 / RFC 4193
  bool is_v4_mapped() const { return is_v6() && word(0) == 0 && (word(1) & kMappedMask) == kMappedPrefix; }
  // ::ffff:a.b.c.d becomes a.b.c.d; every other address is returned unchanged.
  IpAddress unmapped() const {
    if (!is_v4_mapped()) return *this;
    return v4((std::uint32_t{bytes_[12]} << 24) | (std::uint32_t{bytes_[13]} << 16) |
              (std::uint32_t{bytes_[14]} << 8) | std::uint32_t{bytes_[15]});
  }

  std::string to_string() const;  // RFC 5952 for IPv6

  // Family first, then the bytes, then the scope: the order of the original member layout.
  friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
    if (const auto c = a.family_ <=> b.family_; c != 0) return c;
    // memcmp orders unsigned bytes as std::array's <=> would; libc++ 16 (Apple's clang) has
    // neither that operator nor std::lexicographical_compare_three_way.
    if (const auto c = std::memcmp(a.bytes_.data(), b.bytes_.data(), 16) <=> 0; c != 0) return c;
    return a.scope_id_ <=> b.scope_id_;
  }
  // Hand-written: the simulator compares addresses for every packet, and the defaulted version
  // calls memcmp.
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    if (a.family_ != b.family_ || a.scope_id_ != b.scope_id_) return false;
    std::uint64_t x[2], y[2];
    std::memcpy(x, a.bytes_.data(), 16);
    std::memcpy(y, b.bytes_.data(), 16);
    return x[0] == y[0] && x[1] == y[1];
  }

 private:
  std::uint64_t word(int k) const {
    std::uint64_t w;
    std::memcpy(&w, bytes_.data() + 8 * k, 8);
    return w;
  }
  static constexpr std::uint64_t kLoopbackLowWord = detail::address_word({0, 0, 0, 0, 0, 0, 0, 1});
  static constexpr std::uint64_t kMappedPrefix = detail::address_word({0, 0, 0xFF, 0xFF, 0, 0, 0, 0});
  static constexpr std::uint64_t kMappedMask = detail::address_word({0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0});
  static constexpr std::uint64_t kAllOnesMappedLowWord = detail::address_word({0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});

  V6Bytes bytes_{};
  std::uint32_t scope_id_ = 0;
  Family family_ = Family::v4;
  // Named, so that a copy moves all 24 bytes (16 + 8) instead of 21 in overlapping pieces, which a
  // later wider load of the copy could not be forwarded from.
  std::array<std::uint8_t, 3> reserved_{};
};
static_assert(sizeof(IpAddress) == 24);

// alignas(8): 32 bytes instead of 28 (the simulator copies one per datagram delivered).
struct alignas(8) Endpoint {
  IpAddress address;
  std::uint16_t port = 0;
  // Named padding (always zero): a copy is two 16-byte moves, which later 16-byte loads of the
  // copy can be forwarded from. With only the 26 meaningful bytes to copy, GCC uses two
  // overlapping moves (0-15, 10-25), which they cannot.
  std::array<std::uint8_t, 6> reserved_{};

  // "1.2.3.4:5", "[::1]:5"
  std::string to_string() const;
  // Parses "ADDR:PORT", "[V6]:PORT", or (with default_port) a bare address. Names are not
  // resolved here; see live::resolve for that.
  static std::expected<Endpoint, std::string> parse(std::string_view text, int default_port = -1);

  friend std::strong_ordering operator<=>(const Endpoint& a, const Endpoint& b) {
    if (const auto c = a.address <=> b.address; c != 0) return c;
    return a.port <=> b.port;
  }
  friend bool operator==(const Endpoint& a, const Endpoint& b) { return a.address == b.address && a.port == b.port; }
};

// Splits "HOST:PORT", "[HOST]:PORT" or "HOST" (port -1) without interpreting HOST.
struct HostPort {
  std::string host;
  int port = -1;
};
std::expected<HostPort, std::string> split_host_port(std::string_view text);
std::expected<std::uint16_t, std::string> parse_port(std::string_view text);

// An address with a prefix length: "10.0.1.7/24" keeps the host part (interface style).
struct Prefix {
  IpAddress address;
  unsigned length = 0;

  static std::expected<Prefix, std::string> parse(std::string_view text);
  unsigned max_length() const { return address.is_v4() ? 32 : 128; }
  IpAddress network() const;
  IpAddress broadcast() const;  // v4 only: the directed broadcast address
  bool contains(const IpAddress& a) const;
  std::string to_string() const;

  friend bool operator==(const Prefix&, const Prefix&) = default;
};

std::ostream& operator<<(std::ostream& out, const IpAddress& a);
std::ostream& operator<<(std::ostream& out, const Endpoint& e);

// Keeps the first `length` bits of `a` and clears the rest.
IpAddress mask_address(const IpAddress& a, unsigned length);

// The netmask of a prefix length: 24 -> 255.255.255.0, 64 -> ffff:ffff:ffff:ffff::.
IpAddress prefix_mask(Family family, unsigned length);
// The prefix length a netmask stands for (255.255.255.0 -> 24), or nothing when its one bits are
// not contiguous from the left (255.0.255.0, or the wildcard form 0.0.0.255).
std::optional<unsigned> mask_prefix_length(const IpAddress& mask);

}  // namespace udplab::net

template <>
struct std::hash<udplab::net::IpAddress> {
  std::size_t operator()(const udplab::net::IpAddress& a) const noexcept;
};
template <>
struct std::hash<udplab::net::Endpoint> {
  std::size_t operator()(const udplab::net::Endpoint& e) const noexcept;
};
