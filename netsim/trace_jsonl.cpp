#include "netsim/trace_jsonl.hpp"

namespace udplab::netsim {
namespace {

void quoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string to_json_line(const TraceEvent& e) {
  std::string out = "{\"t_ns\":" + std::to_string(to_ns(e.at));
  out += ",\"event\":";
  quoted(out, to_string(e.kind));
  out += ",\"packet\":" + std::to_string(e.packet);
  if (e.copy) out += ",\"copy\":" + std::to_string(e.copy);
  if (e.packet_kind == PacketKind::icmp_port_unreachable) out += ",\"proto\":\"icmp\"";
  out += ",\"where\":";
  quoted(out, e.where);
  out += ",\"src\":";
  quoted(out, e.src.to_string());
  out += ",\"dst\":";
  quoted(out, e.dst.to_string());
  out += ",\"bytes\":" + std::to_string(e.bytes);
  if (e.frag_count > 1) out += ",\"fragment\":" + std::to_string(e.frag_index) + ",\"fragments\":" + std::to_string(e.frag_count);
  if (e.reason != DropReason::none) {
    out += ",\"reason\":";
    quoted(out, to_string(e.reason));
  }
  out += '}';
  return out;
}

void write_jsonl(const Trace& trace, std::ostream& out) {
  for (const auto& e : trace.events()) out << to_json_line(e) << '\n';
}

}  // namespace udplab::netsim
