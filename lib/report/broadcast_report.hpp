// Broadcast send/listen and discovery results as report messages, and as the text the CLI prints.
#pragma once

#include <string>

#include "broadcast/broadcast_listener.hpp"
#include "broadcast/broadcast_sender.hpp"
#include "discovery/discoverer.hpp"
#include "udplab/v1/report.pb.h"

namespace udplab::report {

v1::BroadcastSendReport make_broadcast_send_report(const broadcast::SendConfig& c, const broadcast::SendStats& s);
v1::BroadcastListenReport make_broadcast_listen_report(const broadcast::ListenStats& s, const std::string& bind);
v1::DiscoverReport make_discover_report(const discovery::DiscoverSummary& s);

std::string render_broadcast_send(const v1::BroadcastSendReport& r);
std::string render_broadcast_listen(const v1::BroadcastListenReport& r);
// The summary line, then (unless the responders were already printed one by one) the responders.
std::string render_discover(const v1::DiscoverReport& r, bool list_responders = true);

std::string render_send_event(const broadcast::SendEvent& e);
// "+0.512 s  10.0.1.1:40000 (5 bytes): hello" with the payload made printable; times from `origin`.
std::string render_listen_event(const broadcast::ListenEvent& e, Time origin);
std::string render_discover_event(const discovery::DiscoverEvent& e);

}  // namespace udplab::report
