// PacketStore: slots for packets in flight and refcounted payload buffers, reused through free
// lists so that a long run allocates only as much as it ever had in flight at once.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <vector>

#include "netsim/packet.hpp"

namespace udplab::netsim {

class PacketStore {
 public:
  PacketId allocate();
  // A copy of the header sharing the payload.
  PacketId clone(PacketId id);
  void release(PacketId id);
  Packet& operator[](PacketId id) { return packets_[id]; }
  const Packet& operator[](PacketId id) const { return packets_[id]; }

  PayloadId store(std::span<const std::byte> bytes);
  std::span<const std::byte> bytes(PayloadId id) const;
  std::span<const std::byte> payload_of(PacketId id) const { return bytes(packets_[id].payload); }
  // Gives `id` a payload of its own (copying if shared) and returns it for writing.
  std::span<std::byte> writable_payload(PacketId id);

  std::size_t packets_in_flight() const { return packets_.size() - free_packets_.size(); }
  std::size_t payloads_in_use() const { return payloads_.size() - free_payloads_.size(); }

 private:
  void retain(PayloadId id);
  void unref(PayloadId id);

  struct Buffer {
    std::vector<std::byte> bytes;
    std::uint32_t refs = 0;
  };
  std::deque<Packet> packets_;  // deque: references stay valid while more are allocated
  std::vector<PacketId> free_packets_;
  std::deque<Buffer> payloads_;
  std::vector<PayloadId> free_payloads_;
};

}  // namespace udplab::netsim
