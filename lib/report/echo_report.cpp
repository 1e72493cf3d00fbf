#include "report/echo_report.hpp"

#include <cmath>
#include <cstdio>

#include "text/json.hpp"
#include "util/format.hpp"
#include "util/overloaded.hpp"

namespace udplab::report {
namespace {

using text::JsonObject;
using util::format;
using util::Overloaded;

}  // namespace

double to_report_ms(Duration d) { return std::round(static_cast<double>(d.count()) / 1e3) / 1e3; }
double to_report_seconds(Duration d) { return std::round(static_cast<double>(d.count()) / 1e3) / 1e6; }

v1::EchoPingReport make_echo_ping_report(const echo::PingSummary& s) {
  v1::EchoPingReport r;
  r.set_target(s.target.to_string());
  r.set_payload_size(static_cast<std::uint32_t>(s.payload_size));
  r.set_sent(s.sent);
  r.set_received(s.received);
  r.set_lost(s.lost);
  r.set_loss_percent(std::round(s.loss_percent * 1000.0) / 1000.0);
  r.set_duplicates(s.duplicates);
  r.set_reordered(s.reordered);
  r.set_late(s.late);
  r.set_unmatched(s.unmatched);
  r.set_send_errors(s.send_errors);
  r.set_unreachable(s.unreachable);
  r.set_elapsed_s(to_report_seconds(s.elapsed));
  auto* rtt = r.mutable_rtt();
  rtt->set_samples(s.rtt.samples);
  rtt->set_min_ms(to_report_ms(s.rtt.min));
  rtt->set_avg_ms(to_report_ms(s.rtt.avg));
  rtt->set_max_ms(to_report_ms(s.rtt.max));
  rtt->set_mdev_ms(to_report_ms(s.rtt.mdev));
  rtt->set_p50_ms(to_report_ms(s.rtt.p50));
  rtt->set_p90_ms(to_report_ms(s.rtt.p90));
  rtt->set_p99_ms(to_report_ms(s.rtt.p99));
  rtt->set_jitter_ms(to_report_ms(s.rtt.jitter));
  return r;
}

v1::EchoServerReport make_echo_server_report(const echo::ServerStats& s, const std::string& bind) {
  v1::EchoServerReport r;
  r.set_bind(bind);
  r.set_received(s.received);
  r.set_replied(s.replied);
  r.set_bytes_received(s.bytes_received);
  r.set_bytes_sent(s.bytes_sent);
  r.set_refused(s.refused);
  r.set_send_errors(s.send_errors);
  r.set_discovery_answered(s.discovery_answered);
  return r;
}

std::string render_echo_ping(const v1::EchoPingReport& r) {
  std::string out = "--- " + r.target() + " echo statistics ---\n";
  out += format("%llu sent, %llu received, %.1f%% lost, %llu duplicates, %llu reordered, %llu late",
             static_cast<unsigned long long>(r.sent()), static_cast<unsigned long long>(r.received()), r.loss_percent(),
             static_cast<unsigned long long>(r.duplicates()), static_cast<unsigned long long>(r.reordered()),
             static_cast<unsigned long long>(r.late()));
  if (r.unmatched()) out += format(", %llu unmatched", static_cast<unsigned long long>(r.unmatched()));
  if (r.send_errors()) out += format(", %llu send errors", static_cast<unsigned long long>(r.send_errors()));
  if (r.unreachable()) out += format(", %llu port unreachable", static_cast<unsigned long long>(r.unreachable()));
  out += format(", time %.3fs\n", r.elapsed_s());
  const auto& t = r.rtt();
  if (t.samples() > 0) {
    out += format("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", t.min_ms(), t.avg_ms(), t.max_ms(), t.mdev_ms());
    out += format("rtt p50/p90/p99 = %.3f/%.3f/%.3f ms, jitter %.3f ms\n", t.p50_ms(), t.p90_ms(), t.p99_ms(), t.jitter_ms());
  }
  return out;
}

std::string render_echo_server(const v1::EchoServerReport& r) {
  std::string out = format("echo server %s: %llu datagrams received, %llu replied, %llu refused, %llu send errors",
                           r.bind().c_str(), static_cast<unsigned long long>(r.received()),
                           static_cast<unsigned long long>(r.replied()), static_cast<unsigned long long>(r.refused()),
                           static_cast<unsigned long long>(r.send_errors()));
  if (r.discovery_answered() > 0) out += " (" + util::plural(r.discovery_answered(), "discovery probe") + " answered)";
  return out + "\n";
}

std::string render_ping_event(const echo::PingEvent& e) {
  return std::visit(
      Overloaded{
          [](const echo::ping_event::Reply& r) {
            std::string flags;
            if (r.duplicate) flags += " (DUP!)";
            if (r.reordered) flags += " (reordered)";
            if (r.late) flags += " (late)";
            return format("%zu bytes from %s: seq=%llu rtt=%.3f ms%s", r.bytes, r.from.to_string().c_str(),
                       static_cast<unsigned long long>(r.seq), to_report_ms(r.rtt), flags.c_str());
          },
          [](const echo::ping_event::Timeout& t) {
            return format("seq=%llu timed out", static_cast<unsigned long long>(t.seq));
          },
          [](const echo::ping_event::Unmatched& u) {
            return format("%zu bytes from %s: not a reply to this run (%s)", u.bytes, u.from.to_string().c_str(),
                       u.reason.c_str());
          },
          [](const echo::ping_event::SendFailed& f) { return "send failed: " + f.error; },
          [](const echo::ping_event::Unreachable&) { return std::string("port unreachable: nothing listens at the target"); },
      },
      e);
}

std::string ping_event_kind(const echo::PingEvent& e) {
  static constexpr const char* kinds[] = {"reply", "timeout", "unmatched", "send_failed", "unreachable"};
  static_assert(std::variant_size_v<echo::PingEvent> == std::size(kinds));
  return kinds[e.index()];
}

std::string ping_event_json(const echo::PingEvent& e) {
  return std::visit(
      Overloaded{
          [](const echo::ping_event::Reply& r) {
            return JsonObject()
                .string("event", "reply")
                .number("seq", r.seq)
                .number("bytes", r.bytes)
                .number("rtt_ms", to_report_ms(r.rtt))
                .string("from", r.from.to_string())
                .boolean("duplicate", r.duplicate)
                .boolean("reordered", r.reordered)
                .boolean("late", r.late)
                .take();
          },
          [](const echo::ping_event::Timeout& t) { return JsonObject().string("event", "timeout").number("seq", t.seq).take(); },
          [](const echo::ping_event::Unmatched& u) {
            return JsonObject()
                .string("event", "unmatched")
                .number("bytes", u.bytes)
                .string("from", u.from.to_string())
                .string("reason", u.reason)
                .take();
          },
          [](const echo::ping_event::SendFailed& f) { return JsonObject().string("event", "send_failed").string("error", f.error).take(); },
          [](const echo::ping_event::Unreachable&) { return JsonObject().string("event", "unreachable").take(); },
      },
      e);
}

}  // namespace udplab::report
