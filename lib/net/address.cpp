#include "net/address.hpp"

#include <charconv>
#include <cstdio>
#include <optional>
#include <ostream>

namespace udplab::net {
namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses exactly a dotted quad; returns host-order value.
std::optional<std::uint32_t> dotted_quad(std::string_view s) {
  std::uint32_t value = 0;
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
    std::size_t start = i;
    unsigned octet = 0;
    while (i < s.size() && is_digit(s[i])) {
      octet = octet * 10 + static_cast<unsigned>(s[i] - '0');
      if (i - start >= 3 || octet > 255) return std::nullopt;
      ++i;
    }
    if (i - start > 1 && s[start] == '0') return std::nullopt;  // "01" would be octal elsewhere
    value = (value << 8) | octet;
    ++parts;
    if (parts == 4) break;
    if (i >= s.size() || s[i] != '.') return std::nullopt;
    ++i;
  }
  if (i != s.size()) return std::nullopt;
  return value;
}

}  // namespace

IpAddress IpAddress::loopback(Family f) {
  if (f == Family::v4) return v4(0x7F000001u);
  V6Bytes b{};
  b[15] = 1;
  return v6(b);
}

std::expected<IpAddress, std::string> IpAddress::parse_v4(std::string_view text) {
  auto v = dotted_quad(text);
  if (!v) return std::unexpected("invalid IPv4 address " + quoted(text) + " (expected four decimal octets 0-255, like 192.0.2.1)");
  return v4(*v);
}

std::expected<IpAddress, std::string> IpAddress::parse_v6(std::string_view text) {
  const auto fail = [&](std::string_view why) {
    return std::unexpected("invalid IPv6 address " + quoted(text) + ": " + std::string(why));
  };
  std::uint32_t scope = 0;
  std::string_view s = text;
  if (auto pct = s.find('%'); pct != std::string_view::npos) {
    std::string_view zone = s.substr(pct + 1);
    auto [p, ec] = std::from_chars(zone.data(), zone.data() + zone.size(), scope);
    if (zone.empty() || ec != std::errc{} || p != zone.data() + zone.size())
      return fail("the zone after '%' must be a numeric interface index here");
    s = s.substr(0, pct);
  }
  if (s.empty()) return fail("empty");

  std::array<std::uint16_t, 8> groups{};
  int count = 0;
  int gap = -1;  // index in groups where "::" sits
  std::size_t i = 0;
  if (s.starts_with("::")) {
    gap = 0;
    i = 2;
    if (i == s.size()) return v6(V6Bytes{}, scope);
  } else if (s[0] == ':') {
    return fail("a single leading ':'");
  }
  while (i < s.size()) {
    if (count == 8) return fail("more than eight groups");
    // A trailing embedded IPv4 address takes two groups.
    std::size_t end = s.find(':', i);
    std::string_view piece = s.substr(i, end == std::string_view::npos ? s.npos : end - i);
    if (piece.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos) return fail("an embedded IPv4 address must come last");
      auto v = dotted_quad(piece);
      if (!v) return fail("bad embedded IPv4 part");
      if (count > 6) return fail("too many groups before the embedded IPv4 part");
      groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(*v >> 16);
      groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(*v & 0xFFFF);
      i = s.size();
      break;
    }
    if (piece.empty() || piece.size() > 4) return fail("each group needs 1 to 4 hex digits");
    unsigned g = 0;
    for (char c : piece) {
      int h = hex_value(c);
      if (h < 0) return fail("unexpected character '" + std::string(1, c) + "'");
      g = g * 16 + static_cast<unsigned>(h);
    }
    groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(g);
    i += piece.size();
    if (i == s.size()) break;
    // s[i] == ':'
    if (i + 1 < s.size() && s[i + 1] == ':') {
      if (gap >= 0) return fail("'::' may appear only once");
      gap = count;
      i += 2;
    } else {
      ++i;
      if (i == s.size()) return fail("a trailing single ':'");
    }
  }
  if (gap < 0 && count != 8) return fail("eight groups are needed unless '::' is used");
  if (gap >= 0 && count == 8) return fail("'::' must stand for at least one zero group");
  std::array<std::uint16_t, 8> full{};
  if (gap < 0) {
    full = groups;
  } else {
    int tail = count - gap;
    for (int k = 0; k < gap; ++k) full[static_cast<std::size_t>(k)] = groups[static_cast<std::size_t>(k)];
    for (int k = 0; k < tail; ++k)
      full[static_cast<std::size_t>(8 - tail + k)] = groups[static_cast<std::size_t>(gap + k)];
  }
  V6Bytes b{};
  for (std::size_t k = 0; k < 8; ++k) {
    b[2 * k] = static_cast<std::uint8_t>(full[k] >> 8);
    b[2 * k + 1] = static_cast<std::uint8_t>(full[k] & 0xFF);
  }
  return v6(b, scope);
}

std::expected<IpAddress, std::string> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_v6(text);
  if (text.empty()) return std::unexpected(std::string("empty address"));
  return parse_v4(text);
}

bool IpAddress::is_link_local() const {
  if (is_v4()) return bytes_[0] == 169 && bytes_[1] == 254;
  if (is_v4_mapped()) return unmapped().is_link_local();
  return bytes_[0] == 0xFE && (bytes_[1] & 0xC0) == 0x80;
}

bool IpAddress::is_private() const {
  if (is_v4()) {
    return bytes_[0] == 10 || (bytes_[0] == 172 && (bytes_[1] & 0xF0) == 16) ||
           (bytes_[0] == 192 && bytes_[1] == 168);
  }
  if (is_v4_mapped()) return unmapped().is_private();
  return (bytes_[0] & 0xFE) == 0xFC;
}

std::string IpAddress::to_string() const {
  char buf[64];
  if (is_v4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
    return buf;
  }
  std::array<unsigned, 8> g{};
  for (std::size_t k = 0; k < 8; ++k) g[k] = (unsigned{bytes_[2 * k]} << 8) | bytes_[2 * k + 1];
  std::string out;
  if (is_v4_mapped()) {
    std::snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", bytes_[12], bytes_[13], bytes_[14], bytes_[15]);
    out = buf;
  } else {
    // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on a tie.
    int best = -1, best_len = 0;
    for (int k = 0; k < 8;) {
      if (g[static_cast<std::size_t>(k)] != 0) {
        ++k;
        continue;
      }
      int start = k;
      while (k < 8 && g[static_cast<std::size_t>(k)] == 0) ++k;
      if (k - start > best_len) best = start, best_len = k - start;
    }
    if (best_len < 2) best = -1;
    for (int k = 0; k < 8; ++k) {
      if (k == best) {
        out += "::";
        k += best_len - 1;
        continue;
      }
      if (!out.empty() && out.back() != ':') out += ':';
      std::snprintf(buf, sizeof buf, "%x", g[static_cast<std::size_t>(k)]);
      out += buf;
    }
  }
  if (scope_id_ != 0) out += "%" + std::to_string(scope_id_);
  return out;
}

std::string Endpoint::to_string() const {
  if (address.is_v6()) return "[" + address.to_string() + "]:" + std::to_string(port);
  return address.to_string() + ":" + std::to_string(port);
}

std::expected<std::uint16_t, std::string> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || value > 65535)
    return std::unexpected("invalid port " + quoted(text) + " (expected a number 0-65535)");
  return static_cast<std::uint16_t>(value);
}

std::expected<HostPort, std::string> split_host_port(std::string_view text) {
  if (text.empty()) return std::unexpected(std::string("empty address"));
  HostPort hp;
  std::string_view port_text;
  if (text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::unexpected("missing ']' in " + quoted(text));
    hp.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::unexpected("unexpected text after ']' in " + quoted(text));
      port_text = rest.substr(1);
      if (port_text.empty()) return std::unexpected("missing port after ':' in " + quoted(text));
    }
  } else {
    auto colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') == colon) {
      hp.host = std::string(text.substr(0, colon));
      port_text = text.substr(colon + 1);
      if (port_text.empty()) return std::unexpected("missing port after ':' in " + quoted(text));
    } else {
      hp.host = std::string(text);  // a bare name, IPv4 or unbracketed IPv6 address
    }
  }
  if (hp.host.empty()) return std::unexpected("missing host in " + quoted(text));
  if (!port_text.empty()) {
    auto port = parse_port(port_text);
    if (!port) return std::unexpected(port.error());
    hp.port = *port;
  }
  return hp;
}

std::expected<Endpoint, std::string> Endpoint::parse(std::string_view text, int default_port) {
  auto hp = split_host_port(text);
  if (!hp) return std::unexpected(hp.error());
  auto addr = IpAddress::parse(hp->host);
  if (!addr) return std::unexpected(addr.error());
  int port = hp->port >= 0 ? hp->port : default_port;
  if (port < 0) return std::unexpected("missing port in " + quoted(text) + " (expected ADDRESS:PORT)");
  return Endpoint{*addr, static_cast<std::uint16_t>(port)};
}

std::ostream& operator<<(std::ostream& out, const IpAddress& a) { return out << a.to_string(); }
std::ostream& operator<<(std::ostream& out, const Endpoint& e) { return out << e.to_string(); }

IpAddress mask_address(const IpAddress& a, unsigned length) {
  if (a.is_v4()) {
    std::uint32_t mask = length == 0 ? 0 : (length >= 32 ? 0xFFFFFFFFu : ~((1u << (32 - length)) - 1));
    return IpAddress::v4(a.v4_value() & mask);
  }
  IpAddress::V6Bytes b = a.raw_bytes();
  for (unsigned k = 0; k < 16; ++k) {
    unsigned bit0 = k * 8;
    if (length >= bit0 + 8) continue;
    unsigned keep = length > bit0 ? length - bit0 : 0;
    b[k] = static_cast<std::uint8_t>(b[k] & static_cast<std::uint8_t>(0xFF00u >> keep));
  }
  return IpAddress::v6(b, a.scope_id());
}

IpAddress prefix_mask(Family family, unsigned length) {
  IpAddress::V6Bytes ones;
  ones.fill(0xFF);
  const IpAddress all_ones = family == Family::v4 ? IpAddress::limited_broadcast() : IpAddress::v6(ones);
  return mask_address(all_ones, length);
}

std::optional<unsigned> mask_prefix_length(const IpAddress& mask) {
  const std::size_t size = mask.is_v4() ? 4 : 16;
  unsigned length = 0;
  bool in_host_part = false;
  for (std::size_t k = 0; k < size; ++k) {
    for (int bit = 7; bit >= 0; --bit) {
      const bool one = (mask.raw_bytes()[k] >> bit) & 1u;
      if (!one) {
        in_host_part = true;
      } else if (in_host_part) {
        return std::nullopt;  // a one bit after a zero: 255.0.255.0
      } else {
        ++length;
      }
    }
  }
  return length;
}

std::expected<Prefix, std::string> Prefix::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return std::unexpected("invalid prefix " + quoted(text) + " (expected ADDRESS/LENGTH, like 10.0.0.1/24)");
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::unexpected(addr.error());
  std::string_view len_text = text.substr(slash + 1);
  unsigned len = 0;
  auto [p, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  Prefix prefix{*addr, 0};
  if (len_text.empty() || ec != std::errc{} || p != len_text.data() + len_text.size() || len > prefix.max_length())
    return std::unexpected("invalid prefix length " + quoted(len_text) + " in " + quoted(text) + " (0-" +
                           std::to_string(prefix.max_length()) + ")");
  prefix.length = len;
  return prefix;
}

IpAddress Prefix::network() const { return mask_address(address, length); }

IpAddress Prefix::broadcast() const {
  if (!address.is_v4()) return network();
  std::uint32_t host_bits = length >= 32 ? 0 : (length == 0 ? 0xFFFFFFFFu : (1u << (32 - length)) - 1);
  return IpAddress::v4(address.v4_value() | host_bits);
}

bool Prefix::contains(const IpAddress& a) const {
  if (a.family() != address.family()) return false;
  return mask_address(a, length).raw_bytes() == network().raw_bytes();
}

std::string Prefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

}  // namespace udplab::net

std::size_t std::hash<udplab::net::IpAddress>::operator()(const udplab::net::IpAddress& a) const noexcept {
  std::size_t h = static_cast<std::size_t>(a.family()) * 0x9E3779B97F4A7C15ull;
  for (auto b : a.raw_bytes()) h = (h ^ b) * 0x100000001B3ull;
  return h ^ a.scope_id();
}

std::size_t std::hash<udplab::net::Endpoint>::operator()(const udplab::net::Endpoint& e) const noexcept {
  return std::hash<udplab::net::IpAddress>{}(e.address) * 31 + e.port;
}
