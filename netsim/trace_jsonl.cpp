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
  const Packet& p = *e.packet;
  std::string out = "{\"t_ns\":" + std::to_string(to_ns(e.at));
  out += ",\"event\":";
  quoted(out, to_string(e.kind));
  out += ",\"packet\":" + std::to_string(p.id);
  if (p.copy) out += ",\"copy\":" + std::to_string(p.copy);
  if (p.kind == PacketKind::icmp_port_unreachable) out += ",\"proto\":\"icmp\"";
  out += ",\"where\":";
  quoted(out, e.where);
  out += ",\"src\":";
  quoted(out, p.src.to_string());
  out += ",\"dst\":";
  quoted(out, p.dst.to_string());
  out += ",\"bytes\":" + std::to_string(p.payload_size);
  if (p.is_fragment())
    out += ",\"fragment\":" + std::to_string(p.frag_index) + ",\"fragments\":" + std::to_string(p.frag_count);
  if (e.reason != DropReason::none) {
    out += ",\"reason\":";
    quoted(out, to_string(e.reason));
  }
  out += '}';
  return out;
}

void JsonlTraceWriter::record(const TraceEvent& e) {
  line_ = to_json_line(e);
  line_ += '\n';
  digest_.update(line_);
  ++lines_;
  if (out_) out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

}  // namespace udplab::netsim
