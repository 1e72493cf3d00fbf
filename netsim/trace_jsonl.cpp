#include "netsim/trace_jsonl.hpp"

#include "text/json.hpp"

namespace udplab::netsim {

std::string to_json_line(const TraceEvent& e) {
  const Packet& p = *e.packet;
  text::JsonObject line;
  line.number("t_ns", to_ns(e.at)).string("event", to_string(e.kind)).number("packet", p.id);
  if (p.copy) line.number("copy", p.copy);
  if (p.kind == PacketKind::icmp_port_unreachable) line.string("proto", "icmp");
  line.string("where", e.where).string("src", p.src.to_string()).string("dst", p.dst.to_string()).number("bytes", p.payload_size);
  if (p.is_fragment()) line.number("fragment", p.frag_index).number("fragments", p.frag_count);
  if (e.reason != DropReason::none) line.string("reason", to_string(e.reason));
  return line.take();
}

void JsonlTraceWriter::record(const TraceEvent& e) {
  line_ = to_json_line(e);
  line_ += '\n';
  digest_.update(line_);
  ++lines_;
  if (out_) out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

}  // namespace udplab::netsim
