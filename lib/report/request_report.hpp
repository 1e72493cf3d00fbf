// Request client results as a report message, and as the text `udplab request` prints.
#pragma once

#include <string>

#include "request/request_client.hpp"
#include "udplab/v1/report.pb.h"

namespace udplab::report {

v1::RequestReport make_request_report(const request::RequestSummary& s);
// The closing block: outcome, attempts, RTT, total time, the reply.
std::string render_request(const v1::RequestReport& r);
// One line per event; times are shown relative to `origin` (the first attempt).
std::string render_request_event(const request::RequestEvent& e, Time origin, const net::Endpoint& target);

}  // namespace udplab::report
