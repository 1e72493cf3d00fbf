// Echo results as report messages, and as the text people read.
#pragma once

#include <string>

#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "udplab/v1/report.pb.h"

namespace udplab::report {

// Milliseconds rounded to the nanosecond's thousandth digit, so reports print cleanly.
double to_report_ms(Duration d);
// Seconds with microsecond resolution.
double to_report_seconds(Duration d);

v1::EchoPingReport make_echo_ping_report(const echo::PingSummary& s);
v1::EchoServerReport make_echo_server_report(const echo::ServerStats& s, const std::string& bind);

// The closing block of `udplab echo ping`, like ping's.
std::string render_echo_ping(const v1::EchoPingReport& r);
std::string render_echo_server(const v1::EchoServerReport& r);
// One line per event, as ping prints them.
std::string render_ping_event(const echo::PingEvent& e);
// The event's kind as --json-lines names it: reply, timeout, unmatched, send_failed, unreachable.
std::string ping_event_kind(const echo::PingEvent& e);
// One JSON object per event (for --json-lines).
std::string ping_event_json(const echo::PingEvent& e);

}  // namespace udplab::report
