// The picture UDP and TFTP tutorials draw by hand: hosts as vertical lines, time running down,
// each datagram an arrow from sender to receiver; a lost one ends in a cross with the reason;
// duplicates and retransmissions are marked. It is recorded from a simulation's trace (as a trace
// sink) and drawn as SVG. Long runs are windowed: the first `max_datagrams` datagrams are drawn,
// the rest summarised below the picture.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netsim/network.hpp"
#include "netsim/trace.hpp"

namespace udplab::picture {

struct Flight {
  std::uint64_t packet = 0;
  std::uint32_t copy = 0;
  int from = 0;            // lane (host index)
  int to = -1;             // intended lane; -1 for broadcast or unknown
  Time sent{};
  std::string label;
  bool duplicate = false;      // a copy a link made
  bool retransmission = false; // the same bytes the same way again
  struct End {
    int lane = 0;
    Time at{};
    bool delivered = false;
    std::string reason;      // why it was dropped
    double position = 1.0;   // 0 = at the sender, 1 = at the receiver
  };
  std::vector<End> ends;     // broadcasts end at several hosts
};

class SequenceRecorder final : public netsim::TraceSink {
 public:
  // Draws up to `max_datagrams` datagrams, starting with the first sent at or after `from`.
  SequenceRecorder(const netsim::Network& network, std::size_t max_datagrams = 80, Time from = Time{});
  void record(const netsim::TraceEvent& e) override;

  const std::vector<std::string>& lanes() const { return lanes_; }
  const std::vector<Flight>& flights() const { return flights_; }
  // Datagrams beyond the window, by outcome ("delivered", "dropped: loss", ...).
  const std::map<std::string, std::uint64_t>& beyond_window() const { return beyond_; }
  std::uint64_t datagrams_seen() const { return seen_; }
  std::uint64_t datagrams_before() const { return before_; }

 private:
  int lane_of_host(std::string_view host) const;
  int lane_of_address(const net::IpAddress& a) const;
  double drop_position(std::string_view where, const Flight& f, int& lane) const;

  const netsim::Network& network_;
  std::size_t max_;
  Time from_;
  std::uint64_t before_ = 0;
  std::vector<std::string> lanes_;
  std::vector<Flight> flights_;
  std::map<std::pair<std::uint64_t, std::uint32_t>, std::size_t> index_;  // (packet, copy) -> flight
  std::map<std::string, std::uint64_t> payload_seen_;  // "src>dst:hash" -> times sent
  std::map<std::string, std::uint64_t> beyond_;
  std::uint64_t seen_ = 0;
};

// Draws the recorded flights as an SVG document.
std::string render_sequence_svg(const SequenceRecorder& recorder, const std::string& title);

}  // namespace udplab::picture
