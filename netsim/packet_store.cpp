#include "netsim/packet_store.hpp"

namespace udplab::netsim {
namespace {

// A blank packet to copy from, once per datagram sent. Not `= Packet{}`: GCC zero-fills that
// temporary with `rep stos`, whose start-up cost is large beside a packet; a copy from a
// non-constant object compiles to plain vector moves.
const Packet& blank_packet() {
  static Packet blank;
  return blank;
}

}  // namespace

PacketId PacketStore::allocate() {
  if (!free_packets_.empty()) {
    const PacketId id = free_packets_.back();
    free_packets_.pop_back();
    packets_[id] = blank_packet();
    return id;
  }
  packets_.emplace_back();
  return static_cast<PacketId>(packets_.size() - 1);
}

PacketId PacketStore::clone(PacketId id) {
  const PacketId copy = allocate();
  packets_[copy] = packets_[id];
  retain(packets_[copy].payload);
  return copy;
}

void PacketStore::release(PacketId id) {
  unref(packets_[id].payload);
  packets_[id].payload = kNoPayload;
  free_packets_.push_back(id);
}

PayloadId PacketStore::store(std::span<const std::byte> bytes) {
  PayloadId id;
  if (!free_payloads_.empty()) {
    id = free_payloads_.back();
    free_payloads_.pop_back();
  } else {
    payloads_.emplace_back();
    id = static_cast<PayloadId>(payloads_.size() - 1);
  }
  Buffer& b = payloads_[id];
  b.bytes.assign(bytes.begin(), bytes.end());  // keeps the capacity of earlier use
  b.refs = 1;
  return id;
}

std::span<std::byte> PacketStore::writable_payload(PacketId id) {
  Packet& p = packets_[id];
  if (p.payload == kNoPayload) return {};
  if (payloads_[p.payload].refs > 1) {
    const PayloadId own = store(payloads_[p.payload].bytes);
    unref(p.payload);
    p.payload = own;
  }
  return payloads_[p.payload].bytes;
}

void PacketStore::retain(PayloadId id) {
  if (id != kNoPayload) ++payloads_[id].refs;
}

void PacketStore::unref(PayloadId id) {
  if (id == kNoPayload) return;
  if (--payloads_[id].refs == 0) free_payloads_.push_back(id);
}

}  // namespace udplab::netsim
