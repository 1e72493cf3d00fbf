#include "netsim/pipeline.hpp"

#include "netsim/checksum.hpp"

namespace udplab::netsim {

Pipeline::Pipeline(std::string name, Fabric& fabric, Exit exit, bool defer_exit, int capture, bool outbound)
    : name_(std::move(name)), fabric_(fabric), exit_(std::move(exit)), defer_exit_(defer_exit), capture_(capture),
      outbound_(outbound) {}

void Pipeline::drop(PacketId id, DropReason reason) {
  ++stats_.dropped;
  fabric_.note(TraceKind::dropped, id, name_, reason, capture_, outbound_);
  fabric_.packets.release(id);
}

void Pipeline::corrupt(PacketId id, std::uint64_t bit) {
  Packet& p = fabric_.packets[id];
  if (p.corrupted) return;
  if (fabric_.trace.enabled() && p.kind == PacketKind::udp && !p.has_original_checksum) {
    // Keep what the sender's checksum was, so a capture shows the mismatch.
    p.original_checksum = udp_checksum(p.src, p.dst, fabric_.packets.bytes(p.payload));
    p.has_original_checksum = true;
  }
  p.corrupted = true;
  // Flip a bit inside the bytes this frame carries (a fragment's slice of the datagram).
  std::size_t first = 0, count = p.payload_size;
  if (p.is_fragment()) {
    const std::size_t start = p.frag_offset, end = p.frag_offset + p.frag_length;
    first = start > kUdpHeaderSize ? start - kUdpHeaderSize : 0;
    count = end > kUdpHeaderSize ? end - kUdpHeaderSize - first : 0;
  }
  if (count > 0) {
    auto bytes = fabric_.packets.writable_payload(id);
    const std::uint64_t pos = bit % (count * 8);
    bytes[first + pos / 8] ^= std::byte{static_cast<unsigned char>(1u << (pos % 8))};
  }
  ++stats_.corrupted;
  fabric_.note(TraceKind::corrupted, id, name_, DropReason::none, capture_, outbound_);
}

Duration Pipeline::transmission_time(const Packet& p) const {
  // netem's packet_time_ns, on the Ethernet frame length.
  std::int64_t len = static_cast<std::int64_t>(p.wire_size() + kEthernetHeaderSize) + shape_.packet_overhead;
  if (len < 0) len = 0;
  if (shape_.cell_size != 0) {
    const std::int64_t cells = (len + shape_.cell_size - 1) / shape_.cell_size;
    len = cells * (static_cast<std::int64_t>(shape_.cell_size) + shape_.cell_overhead);
  }
  // ns = bytes * 8e9 / rate, in 128-bit-free integer arithmetic for rates up to 2^63 bit/s.
  const auto bits = static_cast<std::uint64_t>(len) * 8;
  const std::uint64_t whole = bits / shape_.rate_bps, rest = bits % shape_.rate_bps;
  return Duration{static_cast<std::int64_t>(whole * 1'000'000'000ull + rest * 1'000'000'000ull / shape_.rate_bps)};
}

void Pipeline::run(PacketId id, bool is_duplicate) {
  if (passes_straight_through()) {
    // An unimpaired ingress (the common case): what the general path below would do, directly.
    count_passed();
    exit_(id);
    return;
  }
  ++stats_.entered;
  if (blocked_ != DropReason::none) {
    drop(id, blocked_);
    return;
  }
  const Time now = fabric_.now();
  Fate fate;
  fate.is_duplicate = is_duplicate;
  for (auto& rule : rules_) {
    rule->apply(fabric_.packets[id], now, fate);
    if (fate.dropped()) {
      drop(id, fate.drop_reason);
      return;
    }
  }
  // A copy runs through the whole pipeline again with duplication off, as netem re-enqueues it.
  if (fate.copies > 1 && !is_duplicate) {
    const PacketId copy = fabric_.packets.clone(id);
    Packet& c = fabric_.packets[copy];
    c.copy = ++fabric_.copy_counter;
    c.corrupted = false;
    ++stats_.duplicated;
    fabric_.note(TraceKind::duplicated, copy, name_, DropReason::none, capture_, outbound_);
    run(copy, true);
  }
  if (fate.corrupt) corrupt(id, fate.corrupt_bit);
  if (held_ >= shape_.limit) {
    drop(id, DropReason::queue_full);
    return;
  }
  Time departure = now;
  if (!fate.overtake) {
    departure = now + fate.delay;
    if (shape_.rate_bps != 0) {
      // netem: the last packet held is the reference point; the rate adds this packet's time.
      if (held_ > 0 && last_departure_ > departure) {
        departure = last_departure_;
        ++stats_.queued;
        fabric_.note(TraceKind::queued, id, name_, DropReason::none, capture_, outbound_);
      }
      departure += transmission_time(fabric_.packets[id]);
    }
  }
  if (held_ == 0 || departure > last_departure_) last_departure_ = departure;
  ++stats_.passed;
  if (departure == now && !defer_exit_) {
    exit_(id);
    return;
  }
  ++held_;
  fabric_.events.schedule(departure, *this, id);
}

void Pipeline::on_event(std::uint64_t id) {
  --held_;
  exit_(static_cast<PacketId>(id));
}

}  // namespace udplab::netsim
