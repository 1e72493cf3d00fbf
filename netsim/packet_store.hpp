// PacketStore: slots for packets in flight and refcounted payload buffers, reused through free
// lists so that a long run allocates only as much as it ever had in flight at once.
#pragma once

#include <cstddef>
#include <memory>
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
  std::span<const std::byte> bytes(PayloadId id) const {
    if (id == kNoPayload) return {};
    return payloads_[id].bytes;
  }
  std::span<const std::byte> payload_of(PacketId id) const { return bytes(packets_[id].payload); }
  // Gives `id` a payload of its own (copying if shared) and returns it for writing.
  std::span<std::byte> writable_payload(PacketId id);

  std::size_t packets_in_flight() const { return packets_.size() - free_packets_.size(); }
  std::size_t payloads_in_use() const { return payloads_.size() - free_payloads_.size(); }

 private:
  // Elements in fixed chunks: references stay valid while more are added (a packet is often held
  // by reference across a call that allocates another), and indexing is a shift and a mask.
  template <class T>
  class Chunked {
   public:
    T& operator[](std::size_t i) { return chunks_[i >> kShift][i & kMask]; }
    const T& operator[](std::size_t i) const { return chunks_[i >> kShift][i & kMask]; }
    std::size_t size() const { return size_; }
    T& emplace_back() {
      if ((size_ & kMask) == 0) chunks_.push_back(std::make_unique<T[]>(kMask + 1));
      return (*this)[size_++];
    }

   private:
    static constexpr std::size_t kShift = 8;
    static constexpr std::size_t kMask = (std::size_t{1} << kShift) - 1;
    std::vector<std::unique_ptr<T[]>> chunks_;
    std::size_t size_ = 0;
  };

  void retain(PayloadId id);
  void unref(PayloadId id);

  struct Buffer {
    std::vector<std::byte> bytes;
    std::uint32_t refs = 0;
  };
  Chunked<Packet> packets_;
  std::vector<PacketId> free_packets_;
  Chunked<Buffer> payloads_;
  std::vector<PayloadId> free_payloads_;
};

}  // namespace udplab::netsim
