#include "netsim/pcap_writer.hpp"

#include "netsim/frame_builder.hpp"
#include "netsim/network.hpp"

namespace udplab::netsim {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint16_t kLinkTypeEthernet = 1;
constexpr std::uint16_t kOptEnd = 0, kOptComment = 1, kIfName = 2, kIfDescription = 3, kIfTsresol = 9, kEpbFlags = 2;

// Always little-endian (declared by the section's byte-order magic), so the same run gives the
// same file on every machine.
void put16(std::vector<std::byte>& out, std::uint16_t v) {
  out.push_back(std::byte(v & 0xFF));
  out.push_back(std::byte(v >> 8));
}
void put32(std::vector<std::byte>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}
void pad32(std::vector<std::byte>& out) {
  while (out.size() % 4) out.push_back(std::byte{0});
}
void put_option(std::vector<std::byte>& out, std::uint16_t code, std::span<const std::byte> value) {
  put16(out, code);
  put16(out, static_cast<std::uint16_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
  pad32(out);
}
void put_option(std::vector<std::byte>& out, std::uint16_t code, std::string_view text) {
  put_option(out, code, std::as_bytes(std::span(text.data(), text.size())));
}

std::string comment_for(const TraceEvent& e) {
  const Packet& p = *e.packet;
  std::string where(e.where);
  switch (e.kind) {
    case TraceKind::dropped: return "dropped at " + where + ": " + std::string(to_string(e.reason));
    case TraceKind::duplicated: return "duplicate #" + std::to_string(p.copy) + " made at " + where;
    case TraceKind::corrupted: return "corrupted at " + where + " (one bit flipped; the UDP checksum will fail)";
    case TraceKind::queued: return "queued at " + where + " behind earlier packets (rate limit)";
    case TraceKind::forwarded: return "forwarded by " + where;
    case TraceKind::sent:
    case TraceKind::delivered: return {};
  }
  return {};
}

}  // namespace

PcapWriter::PcapWriter(std::ostream& out, const Network& network) : out_(out), network_(network) {
  std::vector<std::byte> shb;
  put32(shb, 0x1A2B3C4D);  // byte-order magic
  put16(shb, 1);           // version 1.0
  put16(shb, 0);
  put32(shb, 0xFFFFFFFF);  // section length unknown
  put32(shb, 0xFFFFFFFF);
  put_option(shb, 4, std::string_view("udplab netsim"));  // shb_userappl
  put16(shb, kOptEnd);
  put16(shb, 0);
  write_block(kSectionHeader, shb);
  for (const auto& i : network.interfaces())
    write_interface(i.name, i.address.to_string() + " on segment " + i.segment->name());
}

void PcapWriter::write_block(std::uint32_t type, const std::vector<std::byte>& body) {
  const auto total = static_cast<std::uint32_t>(body.size() + 12);
  block_.clear();
  put32(block_, type);
  put32(block_, total);
  block_.insert(block_.end(), body.begin(), body.end());
  put32(block_, total);
  out_.write(reinterpret_cast<const char*>(block_.data()), static_cast<std::streamsize>(block_.size()));
}

void PcapWriter::write_interface(const std::string& name, const std::string& description) {
  std::vector<std::byte> idb;
  put16(idb, kLinkTypeEthernet);
  put16(idb, 0);
  put32(idb, 0);  // no snapshot limit
  put_option(idb, kIfName, name);
  put_option(idb, kIfDescription, description);
  const std::byte nanoseconds{9};
  put_option(idb, kIfTsresol, std::span(&nanoseconds, 1));
  put16(idb, kOptEnd);
  put16(idb, 0);
  write_block(kInterfaceDescription, idb);
  ++interfaces_written_;
}

std::uint32_t PcapWriter::interface_for(const TraceEvent& e) {
  if (e.capture >= 0) return static_cast<std::uint32_t>(e.capture);
  // Host-level events without an interface (loopback, reassembly timeouts): one extra capture
  // point per host, added when first needed.
  const std::string name = std::string(e.where) + "/lo";
  auto it = extra_interfaces_.find(name);
  if (it != extra_interfaces_.end()) return it->second;
  const std::uint32_t id = interfaces_written_;
  write_interface(name, "host-local events of " + std::string(e.where));
  extra_interfaces_[name] = id;
  return id;
}

void PcapWriter::record(const TraceEvent& e) {
  if (!e.packet) return;
  const Packet& p = *e.packet;
  const std::uint32_t iface = interface_for(e);
  frame_.clear();
  // Addresses as seen on this hop: outbound from the capture interface, inbound to it.
  MacAddress here = {0x02, 0x00, 0, 0, 0, 0};
  if (e.capture >= 0) here = mac_for(network_.interfaces()[static_cast<std::size_t>(e.capture)].address.address);
  const MacAddress other = p.link_broadcast ? kBroadcastMac : mac_for(e.outbound ? p.next_hop : p.src.address);
  build_frame(p, e.payload, e.outbound ? here : other, e.outbound ? other : here, frame_);

  std::vector<std::byte> epb;
  const auto ts = static_cast<std::uint64_t>(to_ns(e.at));
  put32(epb, iface);
  put32(epb, static_cast<std::uint32_t>(ts >> 32));
  put32(epb, static_cast<std::uint32_t>(ts & 0xFFFFFFFF));
  put32(epb, static_cast<std::uint32_t>(frame_.size()));
  put32(epb, static_cast<std::uint32_t>(frame_.size()));
  epb.insert(epb.end(), frame_.begin(), frame_.end());
  pad32(epb);
  const std::string comment = comment_for(e);
  if (!comment.empty()) put_option(epb, kOptComment, comment);
  std::vector<std::byte> flags;
  put32(flags, e.outbound ? 2u : 1u);  // direction: 01 inbound, 10 outbound
  put_option(epb, kEpbFlags, flags);
  put16(epb, kOptEnd);
  put16(epb, 0);
  write_block(kEnhancedPacket, epb);
  ++frames_;
}

}  // namespace udplab::netsim
