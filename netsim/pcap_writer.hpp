// A pcapng capture of a simulation, for Wireshark and tshark.
//
// Every interface of every host is a capture point (an interface in the file, named "host/segment"),
// and each frame appears where it was seen: leaving the sender, leaving a router, arriving at the
// receiver. Frames that never arrived appear too, at the point where they were lost, with a packet
// comment saying why ("dropped at client->wan: loss"), as do duplicates, corrupted frames and frames
// that waited for a rate limit. In Wireshark: View > Packet Comments, or the display filter
// `frame.comment contains "dropped"`.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "netsim/trace.hpp"

namespace udplab::netsim {

class Network;

class PcapWriter final : public TraceSink {
 public:
  // Writes the section header and one interface per network interface.
  PcapWriter(std::ostream& out, const Network& network);
  void record(const TraceEvent& e) override;
  std::uint64_t frames() const { return frames_; }

 private:
  std::uint32_t interface_for(const TraceEvent& e);
  void write_interface(const std::string& name, const std::string& description);
  void write_block(std::uint32_t type, const std::vector<std::byte>& body);

  std::ostream& out_;
  const Network& network_;
  std::map<std::string, std::uint32_t> extra_interfaces_;  // host-level capture points ("host/lo")
  std::uint32_t interfaces_written_ = 0;
  std::uint64_t frames_ = 0;
  std::vector<std::byte> frame_;
  std::vector<std::byte> block_;
};

}  // namespace udplab::netsim
