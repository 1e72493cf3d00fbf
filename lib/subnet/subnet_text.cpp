#include "subnet/subnet_text.hpp"

#include "util/format.hpp"

namespace udplab::subnet {
namespace {

constexpr std::size_t kLabelWidth = 15;  // "First address: "
constexpr std::size_t kValueWidth = 21;  // "255.255.255.255 = 32 "

class Lines {
 public:
  Lines(const SubnetInfo& s, bool binary) : s_(s), binary_(binary && s.address.is_v4()) {}

  void add(const std::string& label, const std::string& value) {
    std::string line = label + ":";
    line.resize(kLabelWidth, ' ');
    out_ += line + value + "\n";
  }
  // An IPv4 address with its binary form in a second column.
  void add_address(const std::string& label, const std::string& value, const net::IpAddress& a) {
    if (!binary_) return add(label, value);
    std::string padded = value;
    if (padded.size() < kValueWidth) padded.resize(kValueWidth, ' ');
    add(label, padded + binary_dotted(a, s_.prefix_length));
  }
  std::string take() { return std::move(out_); }

 private:
  const SubnetInfo& s_;
  bool binary_;
  std::string out_;
};

std::string describe_kind(const Classification& c) {
  std::string name(kind_name(c.kind));
  if (c.kind == AddressKind::mixed) return name + ": the network spans several kinds of address";
  if (c.block.empty() && c.kind == AddressKind::reserved) return name + " (IPv6 outside the blocks allocated for use)";
  if (c.block.empty()) return name;
  return name + " (" + c.block + ", " + c.reference + ")";
}

std::string count_with_power(const SubnetInfo& s) { return s.address_count + " (2^" + std::to_string(s.host_bits) + ")"; }

std::string render_v4(const SubnetInfo& s, bool binary) {
  Lines l(s, binary);
  const std::string length = std::to_string(s.prefix_length);
  l.add_address("Address", s.address.to_string(), s.address);
  l.add_address("Netmask", s.netmask.to_string() + " = " + length, s.netmask);
  l.add_address("Wildcard", s.wildcard.to_string(), s.wildcard);
  l.add_address("Network", s.cidr(), s.network);
  if (s.broadcast) {
    l.add_address("Broadcast", s.broadcast->to_string(), *s.broadcast);
  } else {
    l.add("Broadcast", s.host_bits == 1 ? "none: a /31 is a point-to-point link (RFC 3021)" : "none: a /32 is a single host");
  }
  l.add_address("First host", s.first_host.to_string(), s.first_host);
  l.add_address("Last host", s.last_host.to_string(), s.last_host);
  l.add("Addresses", count_with_power(s));
  std::string usable = std::to_string(s.usable_hosts.value());
  if (s.host_bits >= 2) usable += " (addresses minus network and broadcast)";
  if (s.host_bits == 1) usable += " (both addresses, RFC 3021)";
  if (s.host_bits == 0) usable += " (the address itself)";
  l.add("Usable hosts", usable);
  l.add("Class", std::string(1, class_letter(s.address_class.value())) + " (classful, informational)");
  l.add("Kind", describe_kind(s.kind));
  return l.take();
}

std::string render_v6(const SubnetInfo& s) {
  Lines l(s, false);
  l.add("Address", s.address.to_string());
  l.add("Expanded", expanded_v6(s.address));
  l.add("Netmask", s.netmask.to_string() + " = " + std::to_string(s.prefix_length));
  l.add("Network", s.cidr());
  l.add("First address", s.first_host.to_string());
  l.add("Last address", s.last_host.to_string());
  l.add("Addresses", count_with_power(s));
  l.add("Broadcast", "none: IPv6 has no broadcast (multicast, e.g. ff02::1, does that job)");
  l.add("Kind", describe_kind(s.kind));
  return l.take();
}

}  // namespace

std::string binary_dotted(const net::IpAddress& v4, unsigned prefix_length) {
  const std::uint32_t value = v4.v4_value();
  std::string out;
  for (unsigned bit = 0; bit < 32; ++bit) {
    if (bit > 0 && bit % 8 == 0) out += '.';
    if (bit == prefix_length && bit > 0) out += ' ';
    out += ((value >> (31 - bit)) & 1u) ? '1' : '0';
  }
  return out;
}

std::string expanded_v6(const net::IpAddress& v6) {
  const auto& b = v6.raw_bytes();
  std::string out;
  for (std::size_t k = 0; k < 16; k += 2) {
    if (k > 0) out += ':';
    out += util::format("%02x%02x", unsigned{b[k]}, unsigned{b[k + 1]});
  }
  return out;
}

std::string render_text(const SubnetInfo& s, const TextOptions& options) {
  return s.address.is_v4() ? render_v4(s, options.binary) : render_v6(s);
}

}  // namespace udplab::subnet
