#include "picture/sequence_diagram.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "picture/datagram_label.hpp"
#include "picture/svg.hpp"
#include "util/sha256.hpp"

namespace udplab::picture {

SequenceRecorder::SequenceRecorder(const netsim::Network& network, std::size_t max_datagrams, Time from)
    : network_(network), max_(max_datagrams), from_(from) {
  for (const auto& h : network.hosts()) lanes_.push_back(h.name());
}

int SequenceRecorder::lane_of_host(std::string_view host) const {
  for (std::size_t i = 0; i < lanes_.size(); ++i)
    if (lanes_[i] == host) return static_cast<int>(i);
  return -1;
}

int SequenceRecorder::lane_of_address(const net::IpAddress& a) const {
  int i = 0;
  for (const auto& h : network_.hosts()) {
    for (auto* iface : h.interfaces())
      if (iface->address.address == a) return i;
    ++i;
  }
  return -1;
}

// Where along the arrow a drop happened: leaving the sender, on the segment, arriving, or in the
// receiving host. `lane` gets the host the cross is drawn towards.
double SequenceRecorder::drop_position(std::string_view where, const Flight& f, int& lane) const {
  lane = f.to >= 0 ? f.to : f.from;
  if (const auto arrow = where.find("->"); arrow != std::string_view::npos) {
    const auto left = where.substr(0, arrow), right = where.substr(arrow + 2);
    if (const int h = lane_of_host(left); h >= 0) return h == f.from ? 0.25 : 0.5;  // leaving a host
    if (const int h = lane_of_host(right); h >= 0) {
      lane = h;
      return 0.75;  // arriving at a host
    }
    return 0.5;
  }
  if (const int h = lane_of_host(where); h >= 0) {
    lane = h;
    return h == f.from ? 0.1 : 1.0;  // in the receiving host (checksum, no listener, ...)
  }
  return 0.5;  // on the segment (partition, no such host)
}

void SequenceRecorder::record(const netsim::TraceEvent& e) {
  const netsim::Packet& p = *e.packet;
  if (p.frag_index != 0) return;  // a datagram is drawn once, with its first fragment
  const auto key = std::pair{p.id, p.copy};
  auto it = index_.find(key);
  const bool starts = (e.kind == netsim::TraceKind::sent && p.copy == 0) || e.kind == netsim::TraceKind::duplicated;
  if (starts && it == index_.end()) {
    ++seen_;
    if (e.at < from_) {
      ++before_;
      index_[key] = SIZE_MAX - 1;  // known, but before the window
      return;
    }
    if (flights_.size() >= max_) {
      index_[key] = SIZE_MAX;  // known, but beyond the window
      return;
    }
    Flight f;
    f.packet = p.id;
    f.copy = p.copy;
    f.from = p.origin ? lane_of_host(p.origin->name()) : lane_of_host(e.where);
    f.to = lane_of_address(p.dst.address);
    f.sent = e.at;
    f.duplicate = e.kind == netsim::TraceKind::duplicated;
    if (p.kind == netsim::PacketKind::icmp_port_unreachable) {
      f.label = "ICMP port unreachable";
    } else {
      f.label = datagram_label(e.payload);
      if (!f.duplicate) {
        util::Sha256 h;
        h.update(e.payload);
        const std::string id = p.src.to_string() + ">" + p.dst.to_string() + ":" + h.hex_digest();
        f.retransmission = payload_seen_[id]++ > 0;
      }
    }
    index_[key] = flights_.size();
    flights_.push_back(std::move(f));
    return;
  }
  if (it == index_.end() || it->second == SIZE_MAX - 1) return;
  const bool beyond = it->second == SIZE_MAX;
  std::string outcome;
  Flight::End end;
  end.at = e.at;
  if (e.kind == netsim::TraceKind::delivered) {
    outcome = "delivered";
    end.delivered = true;
    end.lane = lane_of_host(e.where);
  } else if (e.kind == netsim::TraceKind::dropped) {
    outcome = "dropped: " + std::string(netsim::to_string(e.reason));
    end.reason = std::string(netsim::to_string(e.reason));
    if (!beyond) end.position = drop_position(e.where, flights_[it->second], end.lane);
  } else {
    return;
  }
  if (beyond) {
    ++beyond_[outcome];
    return;
  }
  flights_[it->second].ends.push_back(end);
}

namespace {

constexpr double kLaneGap = 190, kTop = 70, kLeft = 90, kRowMin = 26;

}  // namespace

std::string render_sequence_svg(const SequenceRecorder& r, const std::string& title) {
  const auto& flights = r.flights();
  const std::size_t lanes = std::max<std::size_t>(r.lanes().size(), 1);
  const double width = std::max(760.0, kLeft + kLaneGap * static_cast<double>(lanes - 1) + 150);
  // Time runs down; equal times share a row, and every event gets at least kRowMin pixels so that
  // labels never overlap: the scale is by order of events, annotated with their times.
  std::vector<std::int64_t> times;
  for (const auto& f : flights) {
    times.push_back(to_ns(f.sent));
    for (const auto& e : f.ends) times.push_back(to_ns(e.at));
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  auto y_of = [&](Time t) {
    const auto pos = std::lower_bound(times.begin(), times.end(), to_ns(t)) - times.begin();
    return kTop + 20 + static_cast<double>(pos) * kRowMin;
  };
  const double bottom = kTop + 40 + static_cast<double>(times.size()) * kRowMin;
  const auto& beyond = r.beyond_window();
  const double height = bottom + 40 + 18 * static_cast<double>(beyond.size() + (beyond.empty() ? 0 : 1));
  auto x_of = [&](int lane) { return kLeft + kLaneGap * lane; };

  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
       "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  s += "<title>" + xml_escape(title) + "</title>\n";
  s += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
       "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"context-stroke\"/></marker></defs>\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" + xml_escape(title) + "</text>\n";
  s += "<text x=\"10\" y=\"38\" fill=\"#555\">time runs down; red crosses are datagrams lost on the way, orange dashes "
       "duplicates, purple arrows retransmissions</text>\n";
  for (std::size_t i = 0; i < r.lanes().size(); ++i) {
    const double x = x_of(static_cast<int>(i));
    s += "<text x=\"" + num(x) + "\" y=\"" + num(kTop) + "\" text-anchor=\"middle\" font-weight=\"bold\">" +
         xml_escape(r.lanes()[i]) + "</text>\n";
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop + 8) + "\" x2=\"" + num(x) + "\" y2=\"" + num(bottom) +
         "\" stroke=\"#999\" stroke-width=\"2\"/>\n";
  }
  // Time labels on the left, for every row that starts or ends something.
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double y = kTop + 20 + static_cast<double>(i) * kRowMin;
    char label[32];
    std::snprintf(label, sizeof label, "%.3f ms", static_cast<double>(times[i]) / 1e6);
    s += "<text x=\"8\" y=\"" + num(y + 4) + "\" fill=\"#777\" font-size=\"9\">" + label + "</text>\n";
  }
  for (const auto& f : flights) {
    const double x1 = x_of(f.from), y1 = y_of(f.sent);
    std::string colour = f.duplicate ? "#e67e00" : f.retransmission ? "#7b2fbe" : "#1f5fbf";
    std::string dash = f.duplicate ? " stroke-dasharray=\"5,3\"" : "";
    std::string label = (f.retransmission ? "retransmit " : "") + f.label + (f.duplicate ? " (duplicate)" : "");
    if (f.ends.empty()) {
      // Still in flight when the run ended.
      const int to = f.to >= 0 ? f.to : f.from;
      s += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num((x1 + x_of(to)) / 2) + "\" y2=\"" +
           num(y1 + 8) + "\" stroke=\"" + colour + "\" stroke-dasharray=\"2,2\"/>\n";
      continue;
    }
    bool labelled = false;
    for (const auto& e : f.ends) {
      const double x_target = x_of(e.lane);
      const double x2 = x1 + (x_target - x1) * e.position, y2 = y_of(e.at);
      const std::string stroke = e.delivered ? colour : "#c62828";
      s += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" stroke=\"" +
           stroke + "\" stroke-width=\"1.5\"" + dash + (e.delivered ? " marker-end=\"url(#arrow)\"" : "") + "/>\n";
      if (!labelled) {
        // Beside the sender, on the side the arrow leaves to, as such diagrams are drawn by hand.
        const bool rightwards = x2 >= x1;
        s += "<text x=\"" + num(x1 + (rightwards ? 6 : -6)) + "\" y=\"" + num(y1 - 4) + "\" text-anchor=\"" +
             (rightwards ? "start" : "end") + "\" fill=\"" + colour + "\">" + xml_escape(label) + "</text>\n";
        labelled = true;
      }
      if (!e.delivered) {
        s += "<path d=\"M " + num(x2 - 5) + " " + num(y2 - 5) + " L " + num(x2 + 5) + " " + num(y2 + 5) + " M " + num(x2 + 5) +
             " " + num(y2 - 5) + " L " + num(x2 - 5) + " " + num(y2 + 5) + "\" stroke=\"#c62828\" stroke-width=\"2.5\"/>\n";
        s += "<text x=\"" + num(x2 + 8) + "\" y=\"" + num(y2 + 4) + "\" fill=\"#c62828\">" + xml_escape(e.reason) + "</text>\n";
      }
    }
  }
  if (r.datagrams_before() > 0) {
    s += "<text x=\"10\" y=\"" + num(kTop - 22) + "\" fill=\"#555\">(" + std::to_string(r.datagrams_before()) +
         " earlier datagrams not drawn)</text>\n";
  }
  if (!beyond.empty()) {
    double y = bottom + 30;
      s += "<text x=\"10\" y=\"" + num(y) + "\" font-weight=\"bold\">... and " +
         std::to_string(r.datagrams_seen() - flights.size() - r.datagrams_before()) +
         " more datagrams after these (see trace.jsonl):</text>\n";
    for (const auto& [outcome, count] : beyond) {
      y += 18;
      s += "<text x=\"24\" y=\"" + num(y) + "\">" + xml_escape(outcome) + ": " + std::to_string(count) + "</text>\n";
    }
  }
  s += "</svg>\n";
  return s;
}

}  // namespace udplab::picture
