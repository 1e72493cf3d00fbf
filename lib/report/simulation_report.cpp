#include "report/simulation_report.hpp"

#include <cstdio>

#include "report/broadcast_report.hpp"
#include "report/chat_report.hpp"
#include "report/echo_report.hpp"
#include "report/request_report.hpp"
#include "report/tftp_report.hpp"

namespace udplab::report {
namespace {

std::string indent(const std::string& text, const std::string& pad) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += pad + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string render_workload(const v1::WorkloadReport& w) {
  std::string out = w.name() + " on " + w.host() + ":\n";
  if (!w.error().empty()) return out + "  could not run: " + w.error() + "\n";
  switch (w.result_case()) {
    case v1::WorkloadReport::kEchoPing: out += indent(render_echo_ping(w.echo_ping()), "  "); break;
    case v1::WorkloadReport::kEchoServer: out += indent(render_echo_server(w.echo_server()), "  "); break;
    case v1::WorkloadReport::kRequest: out += indent(render_request(w.request()), "  "); break;
    case v1::WorkloadReport::kBroadcastSend: out += indent(render_broadcast_send(w.broadcast_send()), "  "); break;
    case v1::WorkloadReport::kBroadcastListen: out += indent(render_broadcast_listen(w.broadcast_listen()), "  "); break;
    case v1::WorkloadReport::kDiscover: out += indent(render_discover(w.discover()), "  "); break;
    case v1::WorkloadReport::kTftp: out += indent(render_tftp_transfer(w.tftp()), "  "); break;
    case v1::WorkloadReport::kTftpServer: out += indent(render_tftp_server(w.tftp_server()), "  "); break;
    case v1::WorkloadReport::kChatClient: out += indent(render_chat_client(w.chat_client()), "  "); break;
    case v1::WorkloadReport::kChatRoom: out += indent(render_chat_room(w.chat_room()), "  "); break;
    case v1::WorkloadReport::RESULT_NOT_SET: out += "  (no result)\n"; break;
  }
  return out;
}

std::string render_simulation(const v1::SimulationReport& r) {
  char buf[256];
  std::string out = "== " + r.scenario() + " (seed " + std::to_string(r.seed()) + ") ==\n";
  if (!r.description().empty()) out += indent(r.description(), "  ");
  std::snprintf(buf, sizeof buf, "virtual time %.3f s; %llu datagrams sent, %llu delivered, %llu dropped\n\n",
                r.virtual_time_s(), static_cast<unsigned long long>(r.datagrams_sent()),
                static_cast<unsigned long long>(r.datagrams_delivered()),
                static_cast<unsigned long long>(r.datagrams_dropped()));
  out += buf;
  for (const auto& w : r.workloads()) out += render_workload(w) + "\n";
  if (r.links_size() > 0) {
    out += "links (per direction):\n";
    for (const auto& l : r.links()) {
      std::snprintf(buf, sizeof buf, "  %-24s %8llu in %8llu dropped %6llu duplicated %6llu corrupted %6llu queued\n",
                    l.name().c_str(), static_cast<unsigned long long>(l.entered()),
                    static_cast<unsigned long long>(l.dropped()), static_cast<unsigned long long>(l.duplicated()),
                    static_cast<unsigned long long>(l.corrupted()), static_cast<unsigned long long>(l.queued()));
      out += buf;
    }
  }
  if (!r.trace_sha256().empty())
    out += "trace: " + std::to_string(r.trace_events()) + " events, sha256 " + r.trace_sha256() + "\n";
  return out;
}

}  // namespace udplab::report
