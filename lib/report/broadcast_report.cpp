#include "report/broadcast_report.hpp"

#include "report/echo_report.hpp"
#include "text/printable.hpp"
#include "util/format.hpp"
#include "util/overloaded.hpp"

namespace udplab::report {
namespace {

using util::format;
using util::Overloaded;
using util::plural;

std::string responder_line(const std::string& address, double rtt_ms, const std::string& role, const std::string& name,
                           const std::string& version) {
  std::string line = format("%-22s rtt %8.3f ms  %s", address.c_str(), rtt_ms, role.c_str());
  if (!name.empty()) line += "  " + text::printable(name);
  if (!version.empty()) line += " (udplab " + text::printable(version) + ")";
  return line;
}

}  // namespace

v1::BroadcastSendReport make_broadcast_send_report(const broadcast::SendConfig& c, const broadcast::SendStats& s) {
  v1::BroadcastSendReport r;
  for (const auto& t : c.targets) r.add_targets(t.to_string());
  r.set_message_bytes(static_cast<std::uint32_t>(c.message.size()));
  r.set_rounds(s.rounds);
  r.set_sent(s.sent);
  r.set_send_errors(s.send_errors);
  r.set_last_error(s.last_error);
  return r;
}

v1::BroadcastListenReport make_broadcast_listen_report(const broadcast::ListenStats& s, const std::string& bind) {
  v1::BroadcastListenReport r;
  r.set_bind(bind);
  r.set_received(s.received);
  r.set_bytes(s.bytes);
  for (const auto& from : s.senders) r.add_senders(from.to_string());
  r.set_elapsed_s(to_report_seconds(s.elapsed));
  return r;
}

v1::DiscoverReport make_discover_report(const discovery::DiscoverSummary& s) {
  v1::DiscoverReport r;
  for (const auto& t : s.targets) r.add_probed(t.to_string());
  r.set_probes_sent(s.probes_sent);
  for (const auto& x : s.responders) {
    auto* m = r.add_responders();
    m->set_address(x.from.to_string());
    m->set_role(x.role);
    m->set_name(x.name);
    m->set_version(x.version);
    m->set_rtt_ms(to_report_ms(x.rtt));
    m->set_probe(x.probe);
    m->set_answers(x.answers);
  }
  r.set_duplicates(s.duplicates);
  r.set_stale(s.stale);
  r.set_invalid(s.invalid);
  r.set_send_errors(s.send_errors);
  r.set_elapsed_s(to_report_seconds(s.elapsed));
  return r;
}

std::string render_broadcast_send(const v1::BroadcastSendReport& r) {
  std::string out = plural(r.sent(), "datagram") + " sent (" + plural(r.message_bytes(), "byte") + " each) to";
  for (const auto& t : r.targets()) out += " " + t;
  if (r.send_errors() > 0) out += "; " + plural(r.send_errors(), "send error") + " (" + r.last_error() + ")";
  return out + "\n";
}

std::string render_broadcast_listen(const v1::BroadcastListenReport& r) {
  return format("%s: %s (%s) from %s in %.3f s\n", r.bind().c_str(), plural(r.received(), "datagram").c_str(),
                plural(r.bytes(), "byte").c_str(), plural(static_cast<std::uint64_t>(r.senders_size()), "sender").c_str(),
                r.elapsed_s());
}

std::string render_discover(const v1::DiscoverReport& r, bool list_responders) {
  std::string out = format("--- %s found in %.3f s (%s) ---\n",
                           plural(static_cast<std::uint64_t>(r.responders_size()), "responder").c_str(), r.elapsed_s(),
                           plural(r.probes_sent(), "probe").c_str());
  if (list_responders)
    for (const auto& x : r.responders()) out += responder_line(x.address(), x.rtt_ms(), x.role(), x.name(), x.version()) + "\n";
  if (r.invalid() > 0) out += plural(r.invalid(), "datagram") + " not understood\n";
  if (r.send_errors() > 0) out += plural(r.send_errors(), "probe") + " could not be sent\n";
  return out;
}

std::string render_send_event(const broadcast::SendEvent& e) {
  return std::visit(Overloaded{
                        [](const broadcast::send_event::Sending& s) {
                          return "sending " + plural(s.bytes, "byte") + " to " + s.to.to_string();
                        },
                        [](const broadcast::send_event::SendFailed& f) { return "send failed: " + f.error; },
                    },
                    e);
}

std::string render_listen_event(const broadcast::ListenEvent& e, Time origin) {
  const auto& r = std::get<broadcast::listen_event::Received>(e);
  return format("+%.3f s  %s (%s): ", to_seconds(r.at - origin), r.from.to_string().c_str(),
                plural(r.payload.size(), "byte").c_str()) +
         text::printable(r.payload);
}

std::string render_discover_event(const discovery::DiscoverEvent& e) {
  return std::visit(Overloaded{
                        [](const discovery::discover_event::Found& f) {
                          const auto& x = f.responder;
                          return responder_line(x.from.to_string(), to_ms(x.rtt), x.role, x.name, x.version);
                        },
                        [](const discovery::discover_event::Invalid& i) {
                          return "not an answer from " + i.from.to_string() + ": " + i.reason;
                        },
                        [](const discovery::discover_event::SendFailed& f) { return "send failed: " + f.error; },
                    },
                    e);
}

}  // namespace udplab::report
