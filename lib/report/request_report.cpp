#include "report/request_report.hpp"

#include <cmath>

#include "report/echo_report.hpp"
#include "text/printable.hpp"
#include "util/duration.hpp"
#include "util/format.hpp"
#include "util/overloaded.hpp"

namespace udplab::report {
namespace {

using util::format;
using util::Overloaded;
using util::plural;

// "100 ms", "75.547 ms": milliseconds, to the microsecond, without trailing zeros.
std::string short_ms(Duration d) {
  std::string text = format("%.3f", to_ms(d));
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + " ms";
}

}  // namespace

v1::RequestReport make_request_report(const request::RequestSummary& s) {
  v1::RequestReport r;
  r.set_target(s.target.to_string());
  r.set_request_bytes(static_cast<std::uint32_t>(s.request_bytes));
  r.set_outcome(std::string(request::to_string(s.outcome)));
  for (const auto& a : s.attempts) {
    auto* m = r.add_attempts();
    m->set_attempt(a.number);
    m->set_sent_at_ms(to_report_ms(a.sent_at));
    m->set_wait_ms(to_report_ms(a.wait));
    m->set_timed_out(a.timed_out);
  }
  r.set_answered_attempt(s.answered_attempt);
  r.set_rtt_ms(to_report_ms(s.rtt));
  r.set_total_ms(to_report_ms(s.total));
  r.set_reply_bytes(static_cast<std::uint32_t>(s.reply.size()));
  r.set_reply(text::printable(s.reply));
  r.set_ignored(s.ignored);
  r.set_error(s.error);
  r.set_initial_ms(to_report_ms(s.backoff.initial));
  r.set_factor(s.backoff.factor);
  r.set_max_wait_ms(to_report_ms(s.backoff.max_wait));
  r.set_jitter(s.backoff.jitter);
  return r;
}

std::string render_request(const v1::RequestReport& r) {
  std::string out = "--- " + r.target() + " request ---\n";
  const std::string attempts = plural(static_cast<std::uint64_t>(r.attempts_size()), "attempt");
  if (r.outcome() == "replied") {
    out += format("%s, reply to attempt %u after %.3f ms, total %.3f ms\n", attempts.c_str(), r.answered_attempt(),
                  r.rtt_ms(), r.total_ms());
    out += "reply (" + plural(r.reply_bytes(), "byte") + "): " + r.reply() + "\n";
  } else if (r.outcome() == "gave_up") {
    out += format("%s, no reply: gave up after %.3f s (the next wait would pass %s)\n", attempts.c_str(),
                  r.total_ms() / 1e3, util::format_duration(Duration{std::llround(r.max_wait_ms() * 1e6)}).c_str());
  } else if (r.outcome() == "refused") {
    out += format("%s, connection refused after %.3f ms: nothing listens at %s\n", attempts.c_str(), r.total_ms(),
                  r.target().c_str());
  } else if (r.outcome() == "send_failed") {
    out += attempts + ", send failed: " + r.error() + "\n";
  } else {
    out += format("%s, stopped after %.3f s\n", attempts.c_str(), r.total_ms() / 1e3);
  }
  if (r.ignored() > 0) out += plural(r.ignored(), "datagram") + " from other sources ignored\n";
  return out;
}

std::string render_request_event(const request::RequestEvent& e, Time origin, const net::Endpoint& target) {
  using namespace request::request_event;
  return std::visit(
      Overloaded{
          [&](const AttemptSent& a) {
            return format("attempt %u at %.3f s, waiting %s", a.attempt, to_seconds(a.at - origin),
                          short_ms(a.wait).c_str());
          },
          [](const TimedOut& t) {
            return format("attempt %u: no reply within %s", t.attempt, short_ms(t.waited).c_str());
          },
          [](const Replied& r) {
            return format("reply (%s) to attempt %u after %.3f ms", plural(r.bytes, "byte").c_str(), r.attempt,
                          to_ms(r.rtt));
          },
          [](const Ignored& i) {
            return "ignored " + plural(i.bytes, "byte") + " from " + i.from.to_string() + " (not the target)";
          },
          [&](const Refused&) { return "connection refused: nothing listens at " + target.to_string(); },
          [](const GaveUp& g) { return "gave up after " + plural(g.attempts, "attempt"); },
          [](const SendFailed& f) { return "send failed: " + f.error; },
      },
      e);
}

}  // namespace udplab::report
